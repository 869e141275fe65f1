import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * The sandbox provider signs `t + "." + rawBody` with HMAC-SHA256 and sends
 * `Zhiku-Signature: t=<unix seconds>,v1=<hex>`. Several v1 entries may be present during a
 * secret rotation; any one matching is enough. Comparison is constant-time.
 */
export function verifySandboxSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
  toleranceSeconds: number,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key, value]) => key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)).map(([, v]) => v!);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = signSandboxPayload(secret, timestamp, rawBody);
  const expectedBytes = Buffer.from(expected, 'hex');
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expectedBytes));
  return matches ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** Hex HMAC-SHA256 over `timestamp.rawBody`, as the provider computes it. */
export function signSandboxPayload(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}
