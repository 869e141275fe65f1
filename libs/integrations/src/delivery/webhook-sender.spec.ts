import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSandboxPayload } from '#commerce';
import { sendWebhook, signatureHeader } from './webhook-sender.js';

/** A local endpoint answering by path: fast, slow, redirecting, or with a long body. */
describe('sending one webhook attempt', () => {
  let server: Server;
  let base: string;
  let received: { headers: Record<string, unknown>; body: string } | null = null;
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received = { headers: request.headers, body };
        if (request.url === '/slow') return void setTimeout(() => response.end('late'), 2000);
        if (request.url === '/redirect') return void response.writeHead(302, { location: '/ok' }).end();
        if (request.url === '/long') return void response.writeHead(500).end('e'.repeat(100_000));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const options = { timeoutMs: 300, allowPrivateTargets: true };

  it('signs with every secret in use, in the sandbox provider\'s scheme', () => {
    const header = signatureHeader(['new', 'old'], '{"a":1}', 1_700_000_000);
    const raw = Buffer.from('{"a":1}');
    expect(header).toBe(`t=1700000000,v1=${signSandboxPayload('new', '1700000000', raw)},v1=${signSandboxPayload('old', '1700000000', raw)}`);
  });

  it('posts the body as JSON with the given headers; any 2xx succeeds', async () => {
    const result = await sendWebhook(`${base}/ok`, '{"id":"d1"}', { 'zhiku-webhook-id': 'd1' }, options);
    expect(result).toMatchObject({ outcome: 'succeeded', statusCode: 204, responseSnippet: '', error: null });
    expect(received).toMatchObject({ body: '{"id":"d1"}', headers: { 'content-type': 'application/json', 'zhiku-webhook-id': 'd1', 'content-length': '11' } });
  });

  it('fails on a redirect (never followed), keeping 512 characters of a long answer', async () => {
    expect(await sendWebhook(`${base}/redirect`, '{}', {}, options)).toMatchObject({ outcome: 'failed', statusCode: 302 });
    const long = await sendWebhook(`${base}/long`, '{}', {}, options);
    expect(long).toMatchObject({ outcome: 'failed', statusCode: 500, error: null });
    expect(long.responseSnippet).toBe('e'.repeat(512));
  });

  it('fails an attempt that takes too long, or finds nobody', async () => {
    const slow = await sendWebhook(`${base}/slow`, '{}', {}, options);
    expect(slow).toMatchObject({ outcome: 'failed', statusCode: null, responseSnippet: null, error: 'timed out' });
    expect(slow.latencyMs).toBeGreaterThanOrEqual(250);
    expect(slow.latencyMs).toBeLessThan(1500);
    const closed = await sendWebhook('http://127.0.0.1:1/', '{}', {}, options);
    expect(closed).toMatchObject({ outcome: 'failed', statusCode: null, error: expect.stringMatching(/^ECONNREFUSED/) });
  });

  it('refuses non-public targets unless they are allowed, without connecting', async () => {
    received = null;
    for (const url of [`${base}/ok`, 'http://localhost:1/', 'http://[::1]:1/']) {
      const refused = await sendWebhook(url, '{}', {}, { ...options, allowPrivateTargets: false });
      expect(refused).toMatchObject({ outcome: 'failed', statusCode: null, error: expect.stringMatching(/^refused: /) });
    }
    expect(received).toBeNull();
  });
});
