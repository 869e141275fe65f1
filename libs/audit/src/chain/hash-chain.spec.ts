import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '#platform/domain';
import { type AuditEntry, chainHash, checkLink, GENESIS_HASH, redactSecrets } from './hash-chain.js';

const entry = (globalPosition: number, payload: unknown = { n: globalPosition }): AuditEntry => ({
  globalPosition,
  streamId: 'user-1',
  streamType: 'user',
  eventType: 'identity.user-registered',
  actorId: null,
  requestId: 'req-1',
  occurredAt: '2026-11-27T10:00:00.000Z',
  payload,
  metadata: { actorId: null, requestId: 'req-1' },
});

/** Builds a valid chain the way the audit writer does. */
function chainOf(entries: AuditEntry[]) {
  let prevHash = GENESIS_HASH;
  return entries.map((e) => {
    const hash = chainHash(prevHash, e);
    const link = { prevHash, hash, entry: e };
    prevHash = hash;
    return link;
  });
}

describe('chainHash', () => {
  it('is sha256 hex of the previous hash followed by the canonical entry', () => {
    const e = entry(1);
    const expected = createHash('sha256').update(GENESIS_HASH + canonicalJson(e)).digest('hex');
    expect(chainHash(GENESIS_HASH, e)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order but on every value and on the previous hash', () => {
    const e = entry(1, { a: 1, b: 2 });
    const reordered = { ...e, payload: { b: 2, a: 1 } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, e));
    expect(chainHash(GENESIS_HASH, { ...e, actorId: 'someone' })).not.toBe(chainHash(GENESIS_HASH, e));
    expect(chainHash('f'.repeat(64), e)).not.toBe(chainHash(GENESIS_HASH, e));
  });
});

describe('checkLink', () => {
  it('accepts an untouched chain, starting from the genesis hash', () => {
    let prev = GENESIS_HASH;
    for (const link of chainOf([entry(1), entry(2), entry(3)])) {
      expect(checkLink(prev, link)).toBeNull();
      prev = link.hash;
    }
  });

  it('reports an edited entry as a hash mismatch at that entry', () => {
    const [first, second] = chainOf([entry(1), entry(2), entry(3)]);
    const edited = { ...second!, entry: { ...second!.entry, payload: { n: 999 } } };
    expect(checkLink(first!.hash, edited)).toEqual({
      reason: 'hash-mismatch',
      expected: chainHash(first!.hash, edited.entry),
      actual: second!.hash,
    });
  });

  it('reports a removed entry as a prev-hash mismatch at the next one', () => {
    const [first, second, third] = chainOf([entry(1), entry(2), entry(3)]);
    expect(checkLink(first!.hash, third!)).toEqual({
      reason: 'prev-hash-mismatch',
      expected: first!.hash,
      actual: second!.hash,
    });
  });
});

describe('redactSecrets', () => {
  it('replaces password, secret and token members at any depth, whatever their case', () => {
    const data = {
      userId: 'u1',
      passwordHash: '$argon2id$...',
      session: { tokenHash: 'abc', expiresAt: '2026-12-01', client: { ClientSecret: { value: 's' } } },
      keys: [{ apiToken: 't', label: 'ci' }],
    };
    expect(redactSecrets(data)).toEqual({
      userId: 'u1',
      passwordHash: '[redacted]',
      session: { tokenHash: '[redacted]', expiresAt: '2026-12-01', client: { ClientSecret: '[redacted]' } },
      keys: [{ apiToken: '[redacted]', label: 'ci' }],
    });
  });

  it('leaves the input untouched and values named otherwise as they are', () => {
    const data = { password: 'p', note: 'my password is p' };
    expect(redactSecrets(data)).toEqual({ password: '[redacted]', note: 'my password is p' });
    expect(data.password).toBe('p');
  });
});
