import { Controller, Get, Module } from '@nestjs/common';
import { ApiNotFoundResponse } from '@nestjs/swagger';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutePolicies, ProblemDetailsDto, Public, STATUS_OF_KIND } from '#platform';
import { buildOpenApiDocument, serializeOpenApi } from '../apps/api/src/openapi.js';
import { TestApp } from './support/test-app.js';
import { errorResponses, operationsOf, PROBLEM_MEDIA_TYPE } from './support/openapi.js';

/**
 * Codes the source can throw that no documented route answers, and why. Anything else the source
 * throws must be documented on some route, and nothing the source cannot throw may be.
 */
const ANSWERED_BY_NO_ROUTE: Record<string, string> = {
  'AUTHZ.NO_POLICY': 'only a route that declares no access answers it, and every route declares one (route-policy snapshot)',
  'HTTP.ROUTE_NOT_FOUND': 'answered where there is no route',
  'IDENTITY.ADMIN_EMAIL_TAKEN': 'stops the api at start-up',
  'IDENTITY.USER_EXISTS': 'register draws a fresh random user id',
  'IDENTITY.SESSION_EXISTS': 'logIn draws a fresh random session id',
  'CATALOG.PROGRESS_INVALID': 'recordLessonProgress validates a whole number of seconds from 0 first (HTTP.VALIDATION_FAILED)',
  'CATALOG.CATEGORY_EXISTS': 'createCategory draws a fresh random category id',
  'CATALOG.CONTENT_EXISTS': 'draftContent draws a fresh random content id',
  'COMMUNITY.COMMENT_EXISTS': 'commentOnItem and commentOnLesson draw a fresh random comment id',
  'COMMERCE.ORDER_EXISTS':
    'the order id derives from (buyer, Idempotency-Key), and another body under the same key is refused first with IDEMPOTENCY.KEY_REUSED',
  'CONSULTING.QUESTION_EXISTS':
    'the question id derives from (asker, Idempotency-Key), and another body under the same key is refused first with IDEMPOTENCY.KEY_REUSED',
  'CONSULTING.REFUND_NOT_DUE': 'only the worker refunds unanswered questions, and it retries an early run with backoff',
  'COMMERCE.EMPTY_ORDER': 'placeOrder validates at least one item first (HTTP.VALIDATION_FAILED)',
  'COMMERCE.ORDER_NOT_DUE': 'only the worker expires orders, and it retries an early expiry with backoff',
  'COMMERCE.STAFF_GRANT_EXISTS':
    'the grant id derives from (staff member, Idempotency-Key), and another body under the same key is refused first with IDEMPOTENCY.KEY_REUSED',
  'COMMERCE.COUPON_EXISTS': 'issueCoupon draws a fresh random coupon id',
  'COMMERCE.COMMISSION_INVALID': 'setCreatorCommission validates 0..10000 basis points first (HTTP.VALIDATION_FAILED)',
  'COMMERCE.SUBSCRIPTION_NOT_DUE': 'only the worker settles subscriptions, and it retries an early job with backoff',
  'COMMERCE.SUBSCRIPTION_PAYMENT_NOT_PAID':
    'only a provider notification charges back a membership payment, and one arriving before the payment is confirmed is answered 200 and kept as deferred',
  'COMMERCE.PAYMENT_NOT_CHARGED_BACK':
    'only a provider notification wins a dispute, and one arriving before its chargeback is recorded is answered 200 and kept as deferred',
  'ANALYTICS.IMPORT_UNREADABLE': 'imports run in the worker (the import is recorded as failed, with it) and in the CLI (printed)',
  'MEDIA.ASSET_EXISTS': 'declareMediaUpload draws a fresh random asset id',
  'MEDIA.NOT_UPLOADED': 'only the worker records what uploaded bytes are, and only for an asset whose upload was completed',
};

/** A code thrown from a template (`COMMERCE.WEBHOOK_SIGNATURE_${reason}`) is a family: its documented members share the prefix. */
interface Thrown {
  readonly code: string;
  readonly family: boolean;
  readonly status: number;
}

/** Every stable code the application source can answer with, at the status it is answered with. */
async function codesInSource(): Promise<Thrown[]> {
  const root = new URL('../', import.meta.url);
  const files = [
    ...(await readdir(new URL('libs/', root), { recursive: true })).map((file) => `libs/${file}`),
    ...(await readdir(new URL('apps/', root), { recursive: true })).map((file) => `apps/${file}`),
  ].filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  const thrown: Thrown[] = [];
  for (const file of files) {
    const source = await readFile(new URL(file, root), 'utf8');
    for (const [, , code, template, kind] of source.matchAll(/new DomainError\(\s*(['`])([A-Z_]+\.[A-Z_]*)(\$\{)?[^'`]*\1,\s*'([a-z_]+)'/g)) {
      thrown.push({ code: code!, family: template !== undefined, status: STATUS_OF_KIND[kind as keyof typeof STATUS_OF_KIND] });
    }
    // HttpProblem and its field form, the edge's tables of Fastify's and Node's refusals, and toProblem's own.
    const patterns = [
      /(?:new HttpProblem|HttpProblem\.forFields)\(\s*(\d{3}),\s*'([A-Z_.]+)'/g,
      /status: (\d{3}),\s*code: '([A-Z_.]+)'/g,
      /base\((\d{3}), '([A-Z_.]+)'/g,
    ];
    for (const pattern of patterns) {
      for (const [, status, code] of source.matchAll(pattern)) thrown.push({ code: code!, family: false, status: Number(status) });
    }
  }
  return thrown;
}

/** Nest's own HttpExceptions (e.g. ParseIntPipe's) are answered as `HTTP.<status>` by toProblem. */
const NEST_EXCEPTION = /^HTTP\.(\d{3})$/;

describe('OpenAPI document', () => {
  let app: TestApp;
  let document: ReturnType<typeof buildOpenApiDocument>;
  beforeAll(async () => {
    app = await TestApp.start();
    document = buildOpenApiDocument(app.api);
  });
  afterAll(async () => {
    await app.close();
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing routes or DTOs)', async () => {
    const committed = await readFile(new URL('../openapi.json', import.meta.url), 'utf8').catch(() => '');
    expect(committed, 'openapi.json is stale: run `npm run openapi` and commit it').toBe(serializeOpenApi(document));
  });

  it('is served at /docs-json and the UI at /docs', async () => {
    const served = await app.request('GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(served.body.openapi).toBe('3.1.0');
    expect((await app.request('GET', '/docs')).status).toBe(200);
  });

  it('documents every route, its security, its success and its error responses', () => {
    const operations = operationsOf(document);
    const routes = collectRoutePolicies(app.api);
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      const where = `${route.method} ${route.path}`;
      const operation = operations.find((op) => op.route === where)?.operation;
      expect(operation, `${where} missing from the spec`).toBeDefined();
      const responses = errorResponses(operation!);
      const statuses = Object.keys(operation!.responses);
      // A redirect (302 to an OpenID provider) is a route's success too.
      expect(statuses.some((s) => /^[23]/.test(s)), `${where} has no success response`).toBe(true);
      switch (route.access?.kind) {
        case 'public':
          expect(operation!.security, `${where} is public`).toEqual([{}]);
          expect(responses.get(401)?.codes ?? [], `${where} never reads a token`).not.toContain('AUTH.INVALID_TOKEN');
          break;
        case 'optional':
          // Anonymous or signed in: a client may send a token, and learns when it is dead; a signed-out caller
          // may also be asked to sign in for what needs it (AUTH.UNAUTHENTICATED: a paid lesson's media), nothing else.
          expect(operation!.security, `${where} is public or signed in`).toEqual([{}, { bearer: [] }]);
          expect(responses.get(401)?.codes, `${where} refuses a bad token`).toContain('AUTH.INVALID_TOKEN');
          expect(
            responses.get(401)!.codes.filter((code) => code !== 'AUTH.INVALID_TOKEN' && code !== 'AUTH.UNAUTHENTICATED'),
            `${where} answers no other 401`,
          ).toEqual([]);
          break;
        default:
          expect(operation!.security, `${where} needs bearer`).toEqual([{ bearer: [] }]);
          expect(responses.get(401)?.codes, `${where} documents 401`).toEqual(expect.arrayContaining(['AUTH.INVALID_TOKEN', 'AUTH.UNAUTHENTICATED']));
      }
      if (route.access?.kind === 'policy') expect(responses.get(403)?.codes, `${where} documents 403`).toContain('AUTHZ.FORBIDDEN');
      expect(responses.get(500)?.codes, `${where} documents 500`).toEqual(['INTERNAL']);
      if (operation!.requestBody || route.path.includes(':')) {
        expect(statuses.some((s) => s.startsWith('4') && s !== '401' && s !== '403'), `${where} documents its input errors`).toBe(true);
      }
    }
  });

  it('gives every operation a summary and a unique camelCase operationId a generated client can use as a method name', () => {
    const operations = operationsOf(document);
    for (const { route, operation } of operations) {
      expect(operation.operationId, `${route}: @ApiOperation({ operationId })`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(operation.summary?.trim(), `${route}: @ApiOperation({ summary })`).toBeTruthy();
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
  });

  it('declares every error response as application/problem+json with the code enum it can carry; successes as application/json', () => {
    for (const { route, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.keys(response.content ?? {});
        if (Number(status) < 400) {
          // JSON first; receipts also come as a PDF, a series may also be had as CSV or as an SVG chart, a `/pdf` route is a PDF only (a certificate); media files are bytes.
          const expected = route.endsWith('/receipt')
            ? ['application/json', 'application/pdf']
            : route.endsWith('/pdf')
              ? ['application/pdf']
              : route === 'GET /api/v1/media/files/:assetId'
                ? ['application/octet-stream']
                : ['application/json'];
          if (media.length > 0) expect({ route, status, media: media.filter((m) => m !== 'text/csv' && m !== 'image/svg+xml') }).toEqual({ route, status, media: expected });
          continue;
        }
        expect({ route, status, media }).toEqual({ route, status, media: [PROBLEM_MEDIA_TYPE] });
        const schema = response.content![PROBLEM_MEDIA_TYPE]!.schema as { allOf: [{ $ref: string }, { properties: Record<string, { enum: unknown[] }> }] };
        expect(schema.allOf[0].$ref).toBe(`#/components/schemas/${ProblemDetailsDto.name}`);
        expect(schema.allOf[1].properties.status!.enum).toEqual([Number(status)]);
        const codes = schema.allOf[1].properties.code!.enum;
        expect(codes.length, `${route} ${status} names its codes`).toBeGreaterThan(0);
        for (const code of codes) expect(response.description, `${route} ${status} explains ${code}`).toContain(`\`${code}\`: `);
      }
    }
  });

  it('promises only codes the source answers with, at their status, and every code the source answers with', async () => {
    const thrown = await codesInSource();
    const documented = new Set<string>();
    for (const { route, operation } of operationsOf(document)) {
      for (const [status, { codes }] of errorResponses(operation)) {
        for (const code of codes) {
          documented.add(code);
          const statuses = new Set(
            thrown.filter((t) => t.code === code || (t.family && code.startsWith(t.code))).map((t) => t.status),
          );
          const nest = NEST_EXCEPTION.exec(code);
          if (nest) statuses.add(Number(nest[1]));
          expect({ route, code, status: statuses.has(status) }, `${route} promises ${code} with ${status}`).toEqual({ route, code, status: true });
        }
      }
    }
    expect(thrown.length).toBeGreaterThan(40); // the scan finds the throws at all
    const undocumented = thrown
      .filter((t) => !(t.family ? [...documented].some((code) => code.startsWith(t.code)) : documented.has(t.code)))
      .map((t) => t.code)
      .filter((code) => !(code in ANSWERED_BY_NO_ROUTE));
    expect([...new Set(undocumented)], 'codes the source answers with that no route documents').toEqual([]);
    for (const code of Object.keys(ANSWERED_BY_NO_ROUTE)) {
      expect(thrown.some((t) => t.code === code), `${code} is still in the source`).toBe(true);
      expect(documented.has(code), `${code} is documented after all: drop it from ANSWERED_BY_NO_ROUTE`).toBe(false);
    }
  });

  it('states its servers, licence and the tags it uses, each described', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.info.license).toEqual({ name: expect.any(String), identifier: 'LicenseRef-Proprietary' });
    const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const { route, operation } of operationsOf(document)) {
      for (const tag of operation.tags ?? []) expect(declared.get(tag), `${route}: tag "${tag}" described in openapi.ts`).toBeTruthy();
    }
  });
});

/** A route that documents an error response the old way. */
@Controller('api/v1/old-style')
class OldStyleController {
  @Get()
  @Public('test route')
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [OldStyleController] })
class OldStyleModule {}

describe('OpenAPI error responses have one way in', () => {
  it('refuses to build a document where a route declares an error response without @ApiProblem', async () => {
    const app = await TestApp.start({ extraImports: [{ module: OldStyleModule }] });
    try {
      expect(() => buildOpenApiDocument(app.api)).toThrow(/GET \/api\/v1\/old-style documents 404 without @ApiProblem/);
    } finally {
      await app.close();
    }
  });
});
