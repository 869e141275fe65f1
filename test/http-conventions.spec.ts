import { Controller, Get, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutePolicies, describeAccess, Public } from '#platform';
import { sampleContent, signedWebhook } from './support/journeys.js';
import { TestApp } from './support/test-app.js';

/** A route someone forgot to declare a policy on. */
@Controller('api/v1/forgotten')
class ForgottenController {
  @Get()
  secret(): { leaked: true } {
    return { leaked: true };
  }
}

/** A route whose handler fails in a way nobody planned for. */
@Controller('api/v1/broken')
class BrokenController {
  @Get()
  @Public('test route that fails')
  broken(): never {
    throw new Error('database password is hunter2 at /srv/zhiku/secret.ts:42');
  }
}

@Module({ controllers: [ForgottenController, BrokenController] })
class ForgottenModule {}

describe('HTTP conventions: default-deny access, problem+json, bad input', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ extraImports: [{ module: ForgottenModule }] });
  });
  afterAll(async () => {
    await app.close();
  });

  it('every application route declares its access (snapshot: review any change)', async () => {
    const routes = collectRoutePolicies(app.api).filter((route) => !/^\/api\/v1\/(forgotten|broken)/.test(route.path));
    expect(routes.filter((route) => route.access === null)).toEqual([]);
    const table = routes.map((route) => `${route.method.padEnd(6)} ${route.path.padEnd(48)} ${describeAccess(route.access)}`).join('\n');
    await expect(`${table}\n`).toMatchFileSnapshot('./__snapshots__/route-policies.txt');
  });

  it('denies a route that declares no policy, to everyone including admins', async () => {
    const admin = await app.adminToken();
    for (const token of [undefined, admin]) {
      const response = await app.request('GET', '/api/v1/forgotten', { token });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('AUTHZ.NO_POLICY');
    }
  });

  it('refuses a bad token where signing in is optional, and never reads one on a @Public route', async () => {
    // Public or signed in: a dead token is refused, never taken for anonymous, so the client learns it is dead.
    for (const url of ['/api/v1/contents', `/api/v1/contents/${randomUUID()}`]) {
      const response = await app.request('GET', url, { token: 'not-a-token' });
      expect({ url, status: response.status, code: response.body.code }).toEqual({ url, status: 401, code: 'AUTH.INVALID_TOKEN' });
    }
    // Public: a stale Authorization header breaks nothing, not a login, a probe or a provider's webhook.
    const walkIn = await app.user('stale-header');
    const login = await app.request('POST', '/api/v1/auth/login', { token: 'not-a-token', body: { email: walkIn.email, password: walkIn.password } });
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    expect((await app.request('GET', '/health/live', { token: 'not-a-token' })).status).toBe(200);
    const { rawBody, signature } = signedWebhook({ paymentId: 'pay_nobody', amountCents: 100 });
    const webhook = await app.request('POST', '/api/v1/payments/webhooks/sandbox', {
      token: 'not-a-token',
      rawBody: rawBody.toString(),
      headers: { 'zhiku-signature': signature },
    });
    expect({ status: webhook.status, code: webhook.body.code }).toEqual({ status: 404, code: 'COMMERCE.PAYMENT_NOT_FOUND' });
    // Nor does a good token make a @Public request the caller's: a registration is recorded as nobody's doing.
    const registered = await app.request('POST', '/api/v1/auth/register', {
      token: login.body.accessToken,
      body: { email: `walk-in-${randomUUID()}@zhiku.test`, password: 'walk-in-password', displayName: 'walk-in' },
    });
    expect(registered.status).toBe(201);
    const [event] = await app.sql(`SELECT metadata FROM events WHERE stream_id = $1`, [`user-${registered.body.id}`]);
    expect(event.metadata.actorId).toBeNull();
  });

  it('shows a creator who signs in their own drafts in the public list and detail, and nobody else', async () => {
    const creator = await app.user('drafting-creator', ['creator']);
    const other = await app.user('other-creator', ['creator']);
    const created = await app.request('POST', '/api/v1/contents', { token: creator.token, body: sampleContent({ title: 'A draft of mine' }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const mine = await app.request('GET', '/api/v1/contents?status=draft', { token: creator.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(id);
    for (const item of mine.body.items) expect(item).toMatchObject({ status: 'draft', creatorId: creator.id });
    expect((await app.request('GET', `/api/v1/contents/${id}`, { token: creator.token })).body).toMatchObject({ id, status: 'draft' });

    for (const token of [undefined, other.token]) {
      const list = await app.request('GET', '/api/v1/contents?status=draft', { token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
      expect((await app.request('GET', `/api/v1/contents/${id}`, { token })).status).toBe(404);
    }
  });

  it('gives a signed-in non-staff user 403 on every admin route, and anonymous callers 401', async () => {
    const learner = await app.user('plain-learner');
    const creator = await app.user('plain-creator', ['creator']);
    const adminRoutes = collectRoutePolicies(app.api).filter((route) => route.path.startsWith('/api/v1/admin/'));
    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const route of adminRoutes) {
      const url = route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const token of [learner.token, creator.token]) {
        const response = await app.request(route.method, url, { token, body: route.method === 'GET' ? undefined : {} });
        expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
      }
      const anonymous = await app.request(route.method, url, { body: route.method === 'GET' ? undefined : {} });
      expect(anonymous.status).toBe(401);
    }
  });

  it('answers malformed JSON, unknown fields, wrong types, oversized and non-JSON bodies with problem+json', async () => {
    const register = (options: Parameters<TestApp['request']>[2]) => app.request('POST', '/api/v1/auth/register', options);
    const before = (await app.sql(`SELECT count(*)::int AS n FROM events`))[0].n;

    const malformed = await register({ rawBody: '{"email": "a@b.co",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('HTTP.MALFORMED_JSON');

    const unknown = await register({ body: { email: 'x@zhiku.test', password: 'long-enough-pw', displayName: 'x', isAdmin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'isAdmin', messages: ['property isAdmin should not exist'] }]);

    const wrongTypes = await register({ body: { email: 42, password: ['x'], displayName: null } });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['displayName', 'email', 'password']);

    const oversized = await register({ rawBody: JSON.stringify({ email: 'x@zhiku.test', password: 'p'.repeat(2_000_000), displayName: 'x' }) });
    expect(oversized.status).toBe(413);
    expect(oversized.body.code).toBe('HTTP.BODY_TOO_LARGE');

    const text = await register({ rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    // Nest registers a form parser of its own: forms would reach validation as strings.
    const form = await register({ rawBody: 'email=x%40zhiku.test&password=long-enough-pw&displayName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const multipart = await register({ rawBody: '--b\r\n\r\nx\r\n--b--', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    expect(multipart.status).toBe(415);
    const noType = await register({ rawBody: '{}', headers: { 'content-type': '' } });
    expect(noType.status).toBe(415);
    for (const response of [text, form, multipart, noType]) expect(response.body.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');

    for (const response of [malformed, unknown, wrongTypes, oversized, text, form, multipart, noType]) {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ type: expect.stringMatching(/^urn:zhiku:problem:/), status: response.status });
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
    }
    expect((await app.sql(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(before);
  });

  it('answers an unexpected failure with a bare 500 that leaks nothing but the request id', async () => {
    const response = await app.request('GET', '/api/v1/broken', { headers: { 'x-request-id': 'trace-500' } });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      type: 'urn:zhiku:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      code: 'INTERNAL',
      detail: 'Something went wrong on our side; the request id helps us find it.',
      instance: '/api/v1/broken',
      requestId: 'trace-500',
    });
  });

  it('answers unknown routes with 404 problem+json and echoes a sane request id', async () => {
    const response = await app.request('GET', '/api/v1/nowhere', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'HTTP.ROUTE_NOT_FOUND', requestId: 'trace-123' });
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('reports liveness and readiness', async () => {
    expect((await app.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
    expect((await app.request('GET', '/health/ready')).body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });
});
