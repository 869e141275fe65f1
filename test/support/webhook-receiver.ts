import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { signSandboxPayload } from '#commerce';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
  /** Which of the secrets the receiver knows for this path signed it (indexes), empty when none did. */
  signedWith: number[];
}

/**
 * An integrator's endpoint, as a real local HTTP server: it checks the signature as the
 * integrator would (with the secrets it was given per path), can fail the first N requests of a
 * path, and processes each delivery id once however often it arrives.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Delivery ids processed, in order, each once. */
  readonly processed: string[] = [];
  private readonly failures = new Map<string, number>();
  private readonly secrets = new Map<string, string[]>();
  private server!: Server;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        const signedWith = verify(String(request.headers['zhiku-signature'] ?? ''), raw, this.secrets.get(path) ?? []);
        this.requests.push({ path, headers: request.headers, raw, body: JSON.parse(raw), signedWith });
        const failuresLeft = this.failures.get(path) ?? 0;
        if (signedWith.length === 0) return response.writeHead(401).end('bad signature');
        if (failuresLeft > 0) {
          this.failures.set(path, failuresLeft - 1);
          return response.writeHead(503, { 'content-type': 'text/plain' }).end(`busy ${'x'.repeat(2000)}`);
        }
        const id = String(request.headers['zhiku-webhook-id']);
        if (!this.processed.includes(id)) this.processed.push(id);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The secrets this path accepts (the newest first), as the integrator configured them. */
  trust(path: string, ...secrets: string[]): void {
    this.secrets.set(path, secrets);
  }

  failNext(path: string, times: number): void {
    this.failures.set(path, times);
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** `t=<seconds>,v1=<hex>[,v1=<hex>]`: the indexes of the secrets that match a v1, checked in constant time. */
function verify(header: string, raw: string, secrets: string[]): number[] {
  const parts = header.split(',').map((part) => part.split('='));
  const t = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => Buffer.from(value ?? '', 'hex'));
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return [];
  return secrets.flatMap((secret, index) => {
    const expected = Buffer.from(signSandboxPayload(secret, t, Buffer.from(raw)), 'hex');
    return signatures.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected)) ? [index] : [];
  });
}
