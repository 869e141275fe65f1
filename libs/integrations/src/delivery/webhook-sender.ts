import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signSandboxPayload } from '#commerce';
import { hostRefusal, publicOnlyLookup } from './target-address.js';

/** What one attempt came to, as the delivery log keeps it. */
export interface AttemptResult {
  readonly outcome: 'succeeded' | 'failed';
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly responseSnippet: string | null;
  readonly error: string | null;
}

export interface SendOptions {
  readonly timeoutMs: number;
  readonly allowPrivateTargets: boolean;
}

/** Longest part of an answer kept in the log. */
export const RESPONSE_SNIPPET_CHARS = 512;
const READ_AT_MOST_BYTES = 4 * RESPONSE_SNIPPET_CHARS;

/**
 * The signature header, in the sandbox provider's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">`, one v1 per secret in use (two during a rotation); the receiver accepts any one.
 */
export function signatureHeader(secrets: readonly string[], body: string, nowSeconds: number): string {
  const t = String(nowSeconds);
  const raw = Buffer.from(body);
  return [`t=${t}`, ...secrets.map((secret) => `v1=${signSandboxPayload(secret, t, raw)}`)].join(',');
}

/**
 * POSTs one delivery. Any 2xx is success; anything else, a timeout or a refused connection is a
 * failure to retry. Redirects are not followed (a 3xx is a failure): an endpoint cannot send the
 * platform somewhere it was not registered for.
 */
export async function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<AttemptResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const refused = options.allowPrivateTargets ? null : hostRefusal(target);
  if (refused) return { outcome: 'failed', statusCode: null, latencyMs: latency(), responseSnippet: null, error: `refused: ${refused}` };
  try {
    const response = await post(target, body, headers, options);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { outcome: ok ? 'succeeded' : 'failed', statusCode: response.statusCode, latencyMs: latency(), responseSnippet: response.snippet, error: null };
  } catch (error) {
    return { outcome: 'failed', statusCode: null, latencyMs: latency(), responseSnippet: null, error: describe(error) };
  }
}

function post(target: URL, body: string, headers: Record<string, string>, options: SendOptions): Promise<{ statusCode: number; snippet: string }> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      lookup: options.allowPrivateTargets ? undefined : publicOnlyLookup,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    request.on('error', reject);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        resolve({ statusCode: response.statusCode ?? 0, snippet: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_SNIPPET_CHARS) });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= READ_AT_MOST_BYTES) finish(); // the rest of a large answer is not needed
      });
      response.on('end', finish);
      response.on('error', reject);
    });
    request.end(body);
  });
}

function describe(error: unknown): string {
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  return [code, message].filter(Boolean).join(': ').slice(0, RESPONSE_SNIPPET_CHARS) || String(error);
}
