import { describe, expect, it } from 'vitest';
import { signSandboxPayload, verifySandboxSignature } from './sandbox-signature.js';

const secret = 'whsec_test_0123456789';
const body = Buffer.from('{"id":"evt_1","type":"payment.succeeded"}');
const now = 1_800_000_000;
const header = (t: number, signature = signSandboxPayload(secret, String(t), body)) => `t=${t},v1=${signature}`;

describe('sandbox webhook signature', () => {
  it('accepts the provider\'s signature within the tolerance', () => {
    expect(verifySandboxSignature(header(now - 299), body, secret, now, 300)).toEqual({ ok: true });
    expect(verifySandboxSignature(`t=${now},v1=${'0'.repeat(64)},v1=${signSandboxPayload(secret, String(now), body)}`, body, secret, now, 300)).toEqual({ ok: true });
  });

  it('refuses stale timestamps, other secrets, altered bodies and malformed headers', () => {
    expect(verifySandboxSignature(header(now - 301), body, secret, now, 300)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySandboxSignature(header(now + 301), body, secret, now, 300)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySandboxSignature(`t=${now},v1=${signSandboxPayload('other-secret', String(now), body)}`, body, secret, now, 300)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySandboxSignature(header(now), Buffer.from(`${body} `), secret, now, 300)).toEqual({ ok: false, reason: 'mismatch' });
    for (const bad of [undefined, '', 'v1=abc', `t=${now}`, `t=abc,v1=${'a'.repeat(64)}`, `t=${now},v1=short`]) {
      expect(verifySandboxSignature(bad, body, secret, now, 300)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
