import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainUnreadBody } from '#platform';
import { signSandboxPayload } from '#commerce';
import { buildOpenApiDocument } from '../apps/api/src/openapi.js';
import { exchange, jsonOf } from './support/raw-http.js';
import { type HttpResponse, TestApp, WEBHOOK_SECRET } from './support/test-app.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
  [keyword: string]: unknown;
};
type Parameter = { name: string; in: 'query' | 'path' | 'header' | 'cookie' };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
type Path = (string | number)[];

const A_UUID = '00000000-0000-4000-8000-000000000000';
/**
 * NUL, and a lone surrogate (U+D800) as it would be percent-encoded were it UTF-8 (it is not: the
 * query parser keeps such text undecoded, so it is refused as not UTF-8), with the message each gets.
 */
const URL_TEXT = [
  { text: 'a%00b', message: /NUL/ },
  { text: 'a%ED%A0%80b', message: /percent-encoded UTF-8/ },
];
/** The same as JSON escapes, the only way either can arrive in a body. */
const BODY_TEXT = [
  { text: 'a\u0000b', message: /NUL/ },
  { text: 'a\ud800b', message: /unpaired UTF-16 surrogate/ },
];

/** Every path to a string a JSON body of `schema` can hold (arrays at index 0): ['lessons', 0, 'title']. */
function stringPaths(schema: Schema, resolve: (ref: string) => Schema, path: Path = []): Path[] {
  if (path.length > 16) throw new Error(`${path.join('.')}: schema nests suspiciously deep`);
  if (schema.$ref) return stringPaths(resolve(schema.$ref), resolve, path);
  // Fail loudly on what this walker does not follow, so a new shape cannot go untested.
  for (const keyword of ['allOf', 'anyOf', 'patternProperties', 'prefixItems']) {
    if (keyword in schema) throw new Error(`${path.join('.') || 'body'}: teach stringPaths about "${keyword}"`);
  }
  // One of several shapes (a time as text or as epoch ms): the strings any of them can hold.
  if (schema.oneOf) return schema.oneOf.flatMap((alternative) => stringPaths(alternative, resolve, path));
  const types = [schema.type ?? (schema.properties ? 'object' : undefined)].flat();
  if (types.includes('object')) {
    const named = Object.entries(schema.properties ?? {}).flatMap(([key, property]) => stringPaths(property, resolve, [...path, key]));
    // Free-form members (an event's props): a string under a key of the caller's choosing.
    const free = schema.additionalProperties === undefined || schema.additionalProperties === false
      ? []
      : schema.additionalProperties === true
        ? [[...path, 'anyKey']]
        : stringPaths(schema.additionalProperties, resolve, [...path, 'anyKey']);
    return [...named, ...free];
  }
  if (types.includes('array')) return stringPaths(schema.items ?? {}, resolve, [...path, 0]);
  if (types.includes('string')) return [path];
  if (types.every((type) => ['number', 'integer', 'boolean', 'null'].includes(type as string))) return [];
  throw new Error(`${path.join('.')}: unknown schema type ${JSON.stringify(schema.type)}`);
}

/** A body holding `value` at `path` and nothing else: the input check runs before validation. */
function bodyWith(path: Path, value: string): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('Bad input is never a 500, never an amplifier', () => {
  let app: TestApp;
  let admin: string;
  let port: number;
  const count = async (table: string): Promise<number> => (await app.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.adminToken();
    await app.api.listen({ port: 0, host: '127.0.0.1' });
    port = (app.api.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
  });

  /** A 400 HTTP.INVALID_TEXT problem naming exactly `field` (null: the router refused the path as a whole). */
  const expectInvalidText = (response: HttpResponse, field: string | null, probe: string, message: RegExp = /./) => {
    expect({ probe, status: response.status, code: response.body?.code }).toEqual({ probe, status: 400, code: 'HTTP.INVALID_TEXT' });
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (field !== null) expect(response.body.errors, probe).toEqual([{ field, messages: [expect.stringMatching(message)] }]);
  };

  it('refuses NUL and lone surrogates in every query param, path param and body string of the OpenAPI document', async () => {
    const document = buildOpenApiDocument(app.api);
    const resolve = (ref: string) => document.components!.schemas![ref.replace('#/components/schemas/', '')] as Schema;
    const [eventsBefore, keysBefore] = [await count('events'), await count('idempotency_keys')];
    const probed: string[] = [];

    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
        const route = `${method.toUpperCase()} ${template}`;
        const parameters = operation.parameters ?? [];
        const pathParams = parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
        const urlWith = (name: string | null, text: string) =>
          template.replace(/\{(\w+)\}/g, (_, param: string) => (param === name ? text : A_UUID));
        const send = (url: string, rawBody?: string) => app.request(method.toUpperCase(), url, { token: admin, rawBody });

        for (const name of pathParams) {
          const [nul, loneSurrogate] = URL_TEXT;
          expectInvalidText(await send(urlWith(name, nul.text)), name, `${route} path ${name} ${nul.text}`, nul.message);
          // Not UTF-8, so the router refuses the path before it knows which param this is.
          expectInvalidText(await send(urlWith(name, loneSurrogate.text)), null, `${route} path ${name} ${loneSurrogate.text}`);
          probed.push(`${route} path ${name}`);
        }
        for (const { name } of parameters.filter((parameter) => parameter.in === 'query')) {
          for (const { text, message } of URL_TEXT) {
            expectInvalidText(await send(`${urlWith(null, '')}?${name}=${text}`), name, `${route} query ${name}=${text}`, message);
          }
          probed.push(`${route} query ${name}`);
        }
        const bodySchema = operation.requestBody?.content['application/json']?.schema;
        if (!bodySchema) continue;
        // A body may hold numbers only (an approval's optional amount): nothing to probe there.
        for (const path of stringPaths(bodySchema, resolve)) {
          for (const { text, message } of BODY_TEXT) {
            const response = await send(urlWith(null, ''), JSON.stringify(bodyWith(path, text)));
            expectInvalidText(response, path.join('.'), `${route} body ${path.join('.')} ${JSON.stringify(text)}`, message);
          }
          probed.push(`${route} body ${path.join('.')}`);
        }
      }
    }

    // The walk reached what it must (a broken walker would pass by testing nothing).
    expect(probed).toEqual(
      expect.arrayContaining([
        'GET /api/v1/contents query q',
        'GET /api/v1/contents query cursor',
        'GET /api/v1/admin/audit query streamId',
        'GET /api/v1/contents/{id} path id',
        'POST /api/v1/admin/users/{id}/roles body roles.0',
        'POST /api/v1/contents body lessons.0.title',
        'POST /api/v1/contents body tags.0',
        'POST /api/v1/payments/webhooks/sandbox body data.paymentId',
      ]),
    );
    expect([await count('events'), await count('idempotency_keys')]).toEqual([eventsBefore, keysBefore]);
  });

  it('refuses bad text before authentication: an anonymous caller gets the 400, not a 401', async () => {
    expectInvalidText(await app.request('GET', '/api/v1/me/orders?cursor=%00'), 'cursor', 'anonymous query');
    const body = { kind: 'course', title: 'x\u0000', summary: '', priceCents: 0, currency: 'CNY', tags: [], lessons: [] };
    expectInvalidText(await app.request('POST', '/api/v1/contents', { body }), 'title', 'anonymous body');
    // A bad token is no excuse either: the text is refused first.
    expectInvalidText(await app.request('GET', '/api/v1/admin/audit?streamId=%00', { token: 'not-a-token' }), 'streamId', 'bad token');
  });

  it('names bad field names and repeated query params, and lists at most 20 fields', async () => {
    const keys = await app.request('POST', '/api/v1/auth/register', { rawBody: '{"ok":"x","bad\\u0000key":1,"lessons":[{"\\udc00":2}]}' });
    expectInvalidText(keys, null, 'keys');
    expect(keys.body.errors.map((error: { field: string }) => error.field)).toEqual(['bad\uFFFDkey', 'lessons.0.\uFFFD']);

    expectInvalidText(await app.request('GET', '/api/v1/contents?tag=ok&tag=b%00d'), 'tag.1', 'repeated param');
    expectInvalidText(await app.request('GET', '/api/v1/contents?%00=1'), '\uFFFD', 'param name');

    const many = await app.request('POST', '/api/v1/auth/register', { body: { tags: Array.from({ length: 150 }, () => 'a\u0000') } });
    expect(many.status).toBe(400);
    expect(many.body.errors).toHaveLength(20);
    expect(many.body.errors[19].field).toBe('tags.19');
    expect(many.body.detail).toContain('The first 20 of 150 are listed.');
  });

  it('refuses bodies too deep or too wide before validation, cheaply, and still takes the largest real one', async () => {
    const eventsBefore = await count('events');
    const nested = (depth: number) => '['.repeat(depth - 1) + '{"x":1}' + ']'.repeat(depth - 1);
    const webhook = (reason: string) =>
      `{"id":"evt_1","type":"payment.failed","data":{"paymentId":"p","amountCents":1,"currency":"CNY","reason":${reason}}}`;
    // Signed as the provider signs: the depth check must hold for a body that passes the signature too.
    const postWebhook = (raw: string) => {
      const t = String(Math.floor(Date.now() / 1000));
      const signature = `t=${t},v1=${signSandboxPayload(WEBHOOK_SECRET, t, Buffer.from(raw))}`;
      return app.request('POST', '/api/v1/payments/webhooks/sandbox', { rawBody: raw, headers: { 'zhiku-signature': signature } });
    };

    // 100,000 deep overflowed class-transformer's recursion (a 500), and on the webhook before its signature was checked.
    const deep = await postWebhook(webhook(nested(100_000)));
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('HTTP.INPUT_TOO_DEEP');
    expect(deep.headers['content-type']).toContain('application/problem+json');
    // The limit is 32 levels of objects and arrays: the envelope and `data` are 2, `reason` adds the rest.
    expect((await postWebhook(webhook(nested(31)))).body.code).toBe('HTTP.INPUT_TOO_DEEP');
    expect((await postWebhook(webhook(nested(30)))).body.code).toBe('HTTP.VALIDATION_FAILED');

    // ~870 KB of unknown keys once came back as a 5 MB list of every one of them, after seconds of CPU.
    const unknownKeys = Object.fromEntries(Array.from({ length: 36_000 }, (_, i) => [`unknown_field_${String(i).padStart(5, '0')}`, 1]));
    const wide = await app.request('POST', '/api/v1/auth/register', { body: unknownKeys });
    expect(JSON.stringify(unknownKeys).length).toBeGreaterThan(850_000);
    expect(wide.status).toBe(400);
    expect(wide.body.code).toBe('HTTP.INPUT_TOO_LARGE');
    expect(JSON.stringify(wide.body).length).toBeLessThan(1_000);

    // Just under the limit it reaches validation, which lists 20 fields (clipped) and counts the rest.
    const unknown = Object.fromEntries(Array.from({ length: 1_990 }, (_, i) => [`unknown_${i}`, 1]));
    const listed = await app.request('POST', '/api/v1/auth/register', { body: { ['k'.repeat(50_000)]: 1, ...unknown } });
    expect(listed.status).toBe(400);
    expect(listed.body.code).toBe('HTTP.VALIDATION_FAILED');
    expect(listed.body.errors).toHaveLength(20);
    expect(listed.body.detail).toBe('Some fields are missing or invalid. The first 20 of 1994 are listed.');
    const longKey = listed.body.errors.find((error: { field: string }) => error.field.startsWith('kkk'));
    expect([longKey.field.length, longKey.messages[0].length]).toEqual([201, 301]);
    expect(JSON.stringify(listed.body).length).toBeLessThan(3_000);
    expect(await count('events')).toBe(eventsBefore);

    // The largest body a client legitimately sends: a content with 200 lessons and 10 tags (817 keys and elements).
    const creator = await app.user('big-creator', ['creator']);
    const lessons = Array.from({ length: 200 }, (_, i) => ({ title: `第${i + 1}课`, body: '正文'.repeat(100), preview: i === 0 }));
    const tags = Array.from({ length: 10 }, (_, i) => `tag-${i}`);
    const largest = { kind: 'course', title: '大课', summary: '两百课', priceCents: 100, currency: 'CNY', tags, chapters: [{ title: '全部', lessons }] };
    const created = await app.request('POST', '/api/v1/contents', { token: creator.token, body: largest });
    expect(created.status).toBe(201);
  });

  it('accepts only cursors the lists issue: impossible dates and non-uuids are a 400 on all four lists', async () => {
    const lists = ['/api/v1/contents', '/api/v1/me/orders', '/api/v1/me/entitlements'];
    const forgedTimestampKeys = [
      ['+275760-09-13T00:00:00.000Z', A_UUID], // the last date JavaScript can hold; PostgreSQL cannot
      ['1', A_UUID], // Date.parse says year 2001
      ['2026-02-30T00:00:00.000Z', A_UUID], // Date rolls it over to March
      ['0000-01-01T00:00:00.000Z', A_UUID], // PostgreSQL has no year 0
      ['2026-11-27T10:00:00Z', A_UUID], // a date, but not as toISOString writes it
      ['2026-11-27T10:00:00.000Z', 'not-a-uuid'],
      ['2026-11-27T10:00:00.000Z', A_UUID, 1],
    ];
    for (const list of lists) {
      for (const key of forgedTimestampKeys) {
        const response = await app.request('GET', `${list}?cursor=${cursorOf(key)}`, { token: admin });
        expect({ list, key, status: response.status, code: response.body.code }).toEqual({ list, key, status: 400, code: 'HTTP.INVALID_CURSOR' });
      }
      const issued = await app.request('GET', `${list}?cursor=${cursorOf([new Date().toISOString(), randomUUID()])}`, { token: admin });
      expect({ list, status: issued.status }).toEqual({ list, status: 200 });
    }
    for (const key of [[1.5], ['1'], [2 ** 53], [1, 2], [null]]) {
      const response = await app.request('GET', `/api/v1/admin/audit?cursor=${cursorOf(key)}`, { token: admin });
      expect({ key, status: response.status, code: response.body.code }).toEqual({ key, status: 400, code: 'HTTP.INVALID_CURSOR' });
    }
    const overflow = Buffer.from('[1e400]').toString('base64url');
    expect((await app.request('GET', `/api/v1/admin/audit?cursor=${overflow}`, { token: admin })).body.code).toBe('HTTP.INVALID_CURSOR');
    expect((await app.request('GET', `/api/v1/admin/audit?cursor=${cursorOf([42])}`, { token: admin })).status).toBe(200);
  });

  it('lets a client that uploads an oversized body before reading still read the 413 (real TCP, no Expect)', async () => {
    // 6 MB: past what loopback buffers absorb, so answering mid-upload and closing reset the connection.
    const size = 6_000_000;
    const head = (framing: string) =>
      `POST /api/v1/auth/register HTTP/1.1\r\nHost: zhiku.test\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;
    const body = Buffer.alloc(size, 'a');
    const chunked = Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);

    for (const response of [
      await exchange(port, head(`Content-Length: ${size}`), body),
      await exchange(port, head('Transfer-Encoding: chunked'), chunked),
    ]) {
      expect(response.socketError).toBeUndefined();
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(jsonOf(response)).toMatchObject({ status: 413, code: 'HTTP.BODY_TOO_LARGE' });
    }

    // Beyond what we are willing to read (8x the limit), the 413 comes at once and the connection closes.
    const huge = await exchange(port, head('Content-Length: 100000000'));
    expect({ status: huge.status, closed: huge.closed }).toEqual({ status: 413, closed: true });
  });

  it('stops draining a refused body after its time bound', async () => {
    const outcomes: boolean[] = [];
    const server = http.createServer((request, response) => {
      void drainUnreadBody(request, { maxBytes: 1_000_000, maxMs: 100 }).then((drained) => {
        outcomes.push(drained);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const serverPort = (server.address() as AddressInfo).port;
      const started = Date.now();
      // Declares 1,000 bytes and sends 10: a slow (or stalled) client.
      await exchange(serverPort, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n', Buffer.alloc(10));
      expect(outcomes).toEqual([false]);
      expect(Date.now() - started).toBeLessThan(2_000);
      await exchange(serverPort, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n', Buffer.alloc(1000));
      expect(outcomes).toEqual([false, true]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers NUL in a header or the path as problem+json from the HTTP parser, and odd header bytes with a 4xx', async () => {
    const document = buildOpenApiDocument(app.api);
    const headerParams = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item as Record<string, Operation>).flatMap(([method, operation]) =>
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'header')
          .map((parameter) => ({ method: method.toUpperCase(), url: template, name: parameter.name })),
      ),
    );
    expect([...new Set(headerParams.map(({ name }) => name))].sort()).toEqual(['Idempotency-Key', 'Zhiku-Signature']);
    const read = [...headerParams, { method: 'GET', url: '/api/v1/me', name: 'Authorization' }, { method: 'GET', url: '/health/live', name: 'X-Request-Id' }];

    const CRLF = Buffer.from('\r\n');
    const request = (method: string, url: Buffer | string, headers: Buffer[], body = '') =>
      Buffer.concat([
        Buffer.from(`${method} `),
        Buffer.from(url),
        Buffer.from(` HTTP/1.1\r\nHost: zhiku.test\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`),
        ...headers.flatMap((header) => [header, CRLF]),
        CRLF,
        Buffer.from(body),
      ]);
    for (const { method, url, name } of read) {
      const response = await exchange(port, request(method, url, [Buffer.from(`${name}: a\u0000b`, 'latin1')]));
      expect({ name, status: response.status, type: response.headers['content-type'] }).toEqual({
        name,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(jsonOf(response)).toMatchObject({ status: 400, code: 'HTTP.MALFORMED_REQUEST', requestId: expect.any(String) });
    }
    const nulInPath = await exchange(port, request('GET', Buffer.from('/api/v1/contents/a\u0000b', 'latin1'), []));
    expect(jsonOf(nulInPath)).toMatchObject({ status: 400, code: 'HTTP.MALFORMED_REQUEST' });

    // Bytes that would be a lone surrogate in UTF-8 arrive in a header as three Latin-1 characters:
    // no surrogate is reachable there, and the headers we read refuse them as ordinary bad values.
    const odd = (name: string) => Buffer.concat([Buffer.from(`${name}: a`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b')]);
    const bearer = Buffer.from(`Authorization: Bearer ${admin}`);
    const webhookBody = JSON.stringify({ id: 'evt_1', type: 'payment.failed', data: { paymentId: 'p', amountCents: 1, currency: 'CNY' } });
    const orderBody = JSON.stringify({ contentIds: [randomUUID()] });

    const token = await exchange(port, request('GET', '/api/v1/me', [odd('Authorization')]));
    expect(jsonOf(token)).toMatchObject({ status: 401, code: 'AUTH.INVALID_TOKEN' });
    const key = await exchange(port, request('POST', '/api/v1/orders', [bearer, odd('Idempotency-Key')], orderBody));
    expect(jsonOf(key)).toMatchObject({ status: 400, code: 'IDEMPOTENCY.KEY_REQUIRED' });
    const signature = await exchange(port, request('POST', '/api/v1/payments/webhooks/sandbox', [odd('Zhiku-Signature')], webhookBody));
    expect(jsonOf(signature)).toMatchObject({ status: 401, code: expect.stringMatching(/^COMMERCE\.WEBHOOK_SIGNATURE/) });
    const requestId = await exchange(port, request('GET', '/health/live', [odd('X-Request-Id')]));
    expect(requestId.status).toBe(200);
    expect(requestId.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/); // minted, the odd one not echoed
  });
});
