import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSandboxPayload } from '#commerce';
import { collectRoutePolicies, declaredInputLimits, INPUT_LIMITS, type RoutePolicy } from '#platform';
import { buildOpenApiDocument } from '../apps/api/src/openapi.js';
import { errorResponses, operationsOf, PROBLEM_MEDIA_TYPE } from './support/openapi.js';
import { type RequestOptions, TestApp, WEBHOOK_SECRET } from './support/test-app.js';

/**
 * The refusals every route shares are documented from what is known about the route (its method,
 * path, arguments, access, Idempotency-Key). These probes provoke them for real, route by route:
 * whatever a route answers must be documented on it, and each of these codes it documents must
 * have been answered.
 */
const PROBED = new Set([
  'HTTP.INVALID_TEXT',
  'HTTP.INPUT_TOO_LARGE',
  'HTTP.VALIDATION_FAILED',
  'HTTP.INVALID_CURSOR',
  'HTTP.PATH_TOO_LONG',
  'HTTP.MALFORMED_JSON',
  'HTTP.BAD_CONTENT_LENGTH',
  'HTTP.INPUT_TOO_DEEP',
  'HTTP.BODY_TOO_LARGE',
  'HTTP.UNSUPPORTED_MEDIA_TYPE',
  'AUTH.UNAUTHENTICATED',
  'AUTH.INVALID_TOKEN',
  'IDEMPOTENCY.KEY_REQUIRED',
]);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Probe {
  readonly what: string;
  readonly url: string;
  readonly options: RequestOptions;
}

/** Path parameters filled with values each route accepts as well formed (`:name` is a subscription). */
const fill = (path: string, value?: string) =>
  path.replace(/:([A-Za-z]+)/g, (_, name: string) => value ?? ({ name: 'audit', position: '1' }[name] ?? randomUUID()));

function probesFor(route: RoutePolicy, tokens: { everyRole: string; learner: string }, bodyLimit: number): Probe[] {
  const url = fill(route.path);
  const limits = declaredInputLimits((route.controller.prototype as Record<string, object>)[route.handlerName]!);
  // A route taking more members than a query line can carry (a batch) gets its too-wide input as a body below.
  const wide = Array.from({ length: Math.min(limits.maxMembers, INPUT_LIMITS.maxMembers) + 1 }, (_, i) => `p${i}=`).join('&');
  const probes: Probe[] = [
    { what: 'query text that is not UTF-8', url: `${url}?q=%FF`, options: {} },
    { what: 'too many query parameters', url: `${url}?${wide}`, options: {} },
    { what: 'no token', url, options: {} },
    { what: 'a bad token', url, options: { token: 'not-a-token' } },
    { what: 'a learner', url, options: { token: tokens.learner } },
    { what: 'an unknown query parameter', url: `${url}?unknown=1`, options: { token: tokens.everyRole } },
    { what: 'a cursor this API never issued', url: `${url}?cursor=AAAA`, options: { token: tokens.everyRole } },
  ];
  if (route.path.includes(':')) {
    probes.push(
      { what: 'malformed path parameters', url: fill(route.path, 'X_X'), options: { token: tokens.everyRole } },
      { what: 'an overlong path parameter', url: fill(route.path, 'a'.repeat(101)), options: { token: tokens.everyRole } },
    );
  }
  if (BODY_METHODS.has(route.method)) {
    // Signed and keyed, so the webhook's signature and an order's Idempotency-Key let the body through to validation.
    const signedBody = (rawBody: string, headers: Record<string, string> = {}): RequestOptions => {
      const t = String(Math.floor(Date.now() / 1000));
      const signature = `t=${t},v1=${signSandboxPayload(WEBHOOK_SECRET, t, Buffer.from(rawBody))}`;
      return {
        token: tokens.everyRole,
        rawBody,
        headers: { 'content-type': 'application/json', 'zhiku-signature': signature, 'idempotency-key': `probe-${randomUUID()}`, ...headers },
      };
    };
    const deep = `${'['.repeat(INPUT_LIMITS.maxDepth + 1)}${']'.repeat(INPUT_LIMITS.maxDepth + 1)}`;
    probes.push(
      { what: 'an unknown body field', url, options: signedBody('{"unknown":1}') },
      { what: 'no Idempotency-Key', url, options: { token: tokens.everyRole, body: {} } },
      { what: 'a text body', url, options: signedBody('hello', { 'content-type': 'text/plain' }) },
      { what: 'malformed JSON', url, options: signedBody('{"a":') },
      { what: 'a Content-Length longer than the body', url, options: signedBody('{}', { 'content-length': '10' }) },
      { what: 'a body nested too deep', url, options: signedBody(`{"a":${deep}}`) },
      { what: 'a body over the limit', url, options: signedBody(JSON.stringify({ a: 'x'.repeat(bodyLimit) })) },
      { what: 'a body too wide for its route', url, options: signedBody(JSON.stringify({ a: new Array(limits.maxMembers + 1).fill(0) })) },
    );
  }
  return probes;
}

describe('OpenAPI error responses match what the routes answer', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('documents every refusal a probe provokes, on the route that answered it, and provokes every probed code documented', async () => {
    const document = buildOpenApiDocument(app.api);
    const operations = operationsOf(document);
    // A caller every policy lets through, so probes reach validation; and one most admin routes refuse.
    const everyRole = await app.user('prober-staff', ['creator', 'expert', 'moderator', 'finance', 'admin']);
    const tokens = { everyRole: everyRole.token, learner: (await app.user('prober')).token };
    for (const route of collectRoutePolicies(app.api)) {
      const where = `${route.method} ${route.path}`;
      const documented = errorResponses(operations.find((op) => op.route === where)!.operation);
      const answered = new Set<string>();
      for (const probe of probesFor(route, tokens, app.config.httpBodyLimitBytes)) {
        const response = await app.request(route.method, probe.url, probe.options);
        if (response.status < 400) continue;
        const refusal = `${response.status} ${response.body.code}`;
        answered.add(refusal);
        expect({ where, probe: probe.what, type: response.headers['content-type'] }).toEqual({
          where,
          probe: probe.what,
          type: `${PROBLEM_MEDIA_TYPE}; charset=utf-8`,
        });
        expect({ where, probe: probe.what, refusal, documented: documented.get(response.status)?.codes.includes(response.body.code) ?? false }).toEqual(
          { where, probe: probe.what, refusal, documented: true },
        );
      }
      for (const [status, { codes }] of documented) {
        // A route open to signed-out callers answers AUTH.UNAUTHENTICATED only on a condition of its own
        // (media: a URL issued to a user, used without their token), which its own spec provokes.
        const probedHere = (c: string) => PROBED.has(c) && !(c === 'AUTH.UNAUTHENTICATED' && route.access?.kind === 'optional');
        for (const code of codes.filter(probedHere)) {
          expect({ where, promised: `${status} ${code}`, answered: answered.has(`${status} ${code}`) }).toEqual({
            where,
            promised: `${status} ${code}`,
            answered: true,
          });
        }
      }
    }
    // Some 200 routes, each probed a dozen times: more than the default minute on a busy machine.
  }, 240_000);
});
