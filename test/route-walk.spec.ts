import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutePolicies, type RouteAccess } from '#platform';
import { placeOrder, publishContent, sampleContent } from './support/journeys.js';
import { type Operation, operationsOf } from './support/openapi.js';
import { type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

/**
 * Walks every operation of the committed OpenAPI document as an anonymous caller, a learner and a
 * creator, and asks of each what its declared access promises: nothing but a public route answers
 * an anonymous caller, no back-office route answers anyone but staff, another user's record is
 * indistinguishable from one that does not exist, and no answer carries a hash, a secret or
 * another user's email. A new route is walked the day it is added; one without a policy fails here.
 */
describe('every route, walked as anonymous, learner and creator', () => {
  let app: TestApp;
  let document: OpenAPIObject;
  let walker: TestUser;
  let walkingCreator: TestUser;
  /** Ids of records that belong to other users (their user ids, contents, orders, sessions, plans, bundles, memberships). */
  let foreignIds: string[];
  let foreignEmails: string[];
  const operations = () => operationsOf(document).map(({ route, operation }) => ({ route, operation, access: accessOf(route) }));
  let accessByRoute: Map<string, RouteAccess | null>;
  const accessOf = (route: string) => accessByRoute.get(route);

  beforeAll(async () => {
    document = JSON.parse(await readFile(new URL('../openapi.json', import.meta.url), 'utf8')) as OpenAPIObject;
    app = await TestApp.start();
    accessByRoute = new Map(collectRoutePolicies(app.api).map((route) => [`${route.method} ${route.path}`, route.access]));

    // Other people's records: a creator's drafts, published items, plan and bundle; a buyer's order, session and membership.
    const moderator = await app.adminToken();
    const owner = await app.user('owner', ['creator']);
    const buyer = await app.user('buyer');
    const published = await publishContent(app, owner, moderator);
    const second = await publishContent(app, owner, moderator, { title: '第二门课' });
    await app.request('POST', '/api/v1/contents', { token: owner.token, body: sampleContent({ title: 'draft' }) });
    const plan = await app.request('POST', '/api/v1/plans', {
      token: owner.token,
      body: { name: '月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(plan.status).toBe(201);
    const bundle = await app.request('POST', '/api/v1/bundles', {
      token: owner.token,
      body: { title: '全家桶', contentIds: [published, second], priceCents: 9000, currency: 'CNY' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(bundle.status).toBe(201);
    expect((await placeOrder(app, buyer, [published])).status).toBe(201);
    await app.request('POST', '/api/v1/me/subscriptions', { token: buyer.token, body: { planId: plan.body.planId } });
    const streams = await app.sql(`SELECT DISTINCT stream_id FROM events WHERE metadata->>'actorId' = ANY($1) OR data->>'userId' = ANY($1)`, [[owner.id, buyer.id]]);
    const uuids = streams.flatMap((row) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(row.stream_id as string) ?? []);
    foreignIds = [...new Set([owner.id, buyer.id, ...uuids])];
    expect(foreignIds.length).toBeGreaterThanOrEqual(8);
    foreignEmails = [owner.email, buyer.email];

    walker = await app.user('walker');
    walkingCreator = await app.user('walking-creator', ['creator']);
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  const isAdmin = (route: string) => route.split(' ')[1]!.startsWith('/api/v1/admin/');
  const isOpen = (access: RouteAccess | null | undefined) => access?.kind === 'public' || access?.kind === 'optional';
  /** Signed-in actions on a record anyone may see (liking a published item): acting on another user's record is what they are for. */
  const ON_PUBLIC_RECORDS = new Set(['PUT /api/v1/contents/:id/like', 'DELETE /api/v1/contents/:id/like']);

  /** The operation's URL with each path parameter filled: uuids from `id`, enums with their first value. */
  function urlOf(path: string, operation: Operation, id: string): string {
    return path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
      const parameters = (operation as { parameters?: { in: string; name: string; schema?: { enum?: unknown[]; type?: string } }[] }).parameters;
      const schema = parameters?.find((parameter) => parameter.in === 'path' && parameter.name === name)?.schema ?? {};
      if (schema.enum) return String(schema.enum[0]);
      if (schema.type === 'number' || schema.type === 'integer') return '1';
      return name === 'name' ? 'audit' : id;
    });
  }
  const call = (method: string, url: string, operation: Operation, token?: string): Promise<HttpResponse> =>
    app.request(method, url, { token, ...(operation.requestBody ? { body: {} } : {}) });

  /** What no answer to a non-staff caller may carry. */
  function expectNothingLeaked(what: string, response: HttpResponse): void {
    const text = JSON.stringify(response.body ?? '');
    const keys = [...text.matchAll(/"([A-Za-z_]+)":/g)].map((match) => match[1]!);
    expect({ what, keys: keys.filter((key) => /hash|secret|password/i.test(key)) }).toEqual({ what, keys: [] });
    expect({ what, emails: foreignEmails.filter((email) => text.includes(email)) }).toEqual({ what, emails: [] });
    expect({ what, status: response.status }).not.toEqual({ what, status: 500 });
  }

  it('knows the access of every documented route, and documents every route', () => {
    const documented = operations();
    expect(documented.length).toBeGreaterThan(80);
    expect(documented.filter(({ access }) => !access).map(({ route }) => route)).toEqual([]);
    const routes = [...accessByRoute.keys()];
    expect(routes.filter((route) => !documented.some((operation) => operation.route === route))).toEqual([]);
  });

  it('answers an anonymous caller only on public routes: every other one is 401', async () => {
    for (const { route, operation, access } of operations()) {
      if (isOpen(access)) continue;
      const response = await call(route.split(' ')[0]!, urlOf(openApiPath(route), operation, randomUUID()), operation);
      expect({ route, status: response.status, code: response.body?.code }).toEqual({ route, status: 401, code: 'AUTH.UNAUTHENTICATED' });
    }
  });

  it('refuses every back-office route to a learner and a creator with 403, whatever the record', async () => {
    for (const user of [walker, walkingCreator]) {
      for (const { route, operation } of operations().filter(({ route }) => isAdmin(route))) {
        for (const id of [randomUUID(), ...foreignIds.slice(0, 3)]) {
          const response = await call(route.split(' ')[0]!, urlOf(openApiPath(route), operation, id), operation, user.token);
          expect({ route, user: user.email, status: response.status }).toEqual({ route, user: user.email, status: 403 });
          expectNothingLeaked(route, response);
        }
      }
    }
  });

  it("answers another user's record exactly as one that does not exist (404), and leaks nothing on any route", async () => {
    const compared = new Set<string>();
    for (const user of [walker, walkingCreator]) {
      for (const { route, operation, access } of operations().filter(({ route }) => !isAdmin(route))) {
        const method = route.split(' ')[0]!;
        const path = openApiPath(route);
        const hasId = /\{id\}/.test(path);
        // Side effects on the walker's own account (sign out, new secrets) are not what this walk is about.
        if (!hasId && method !== 'GET') continue;
        const missing = await call(method, urlOf(path, operation, randomUUID()), operation, user.token);
        expectNothingLeaked(route, missing);
        if (!hasId) continue;
        for (const id of foreignIds) {
          const foreign = await call(method, urlOf(path, operation, id), operation, user.token);
          expectNothingLeaked(`${route} ${id}`, foreign);
          // Public routes show what anyone may see of a published record; the rest must not tell it exists.
          if ((isOpen(access) && method === 'GET') || ON_PUBLIC_RECORDS.has(route)) continue;
          expect({ route, id, status: foreign.status, code: foreign.body?.code }).toEqual({
            route,
            id,
            status: missing.status,
            code: missing.body?.code,
          });
          if (!operation.requestBody) expect({ route, status: foreign.status }).toEqual({ route, status: foreign.body?.code === 'AUTHZ.FORBIDDEN' ? 403 : 404 });
          compared.add(route);
        }
      }
    }
    // The walk reached the routes it is about (one per record kind a user owns).
    for (const route of ['GET /api/v1/me/orders/:id', 'DELETE /api/v1/me/sessions/:id', 'POST /api/v1/contents/:id/submit', 'POST /api/v1/plans/:id/retire', 'GET /api/v1/me/subscriptions/:id']) {
      expect(compared).toContain(route);
    }
  }, 120_000);

  /** The document's path of a route (`/api/v1/contents/{id}` for `GET /api/v1/contents/:id`). */
  function openApiPath(route: string): string {
    const path = route.split(' ')[1]!;
    return Object.keys(document.paths).find((candidate) => candidate.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1') === path)!;
  }
});
