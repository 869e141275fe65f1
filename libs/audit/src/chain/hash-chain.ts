import { createHash } from 'node:crypto';
import { canonicalJson } from '#platform/domain';

/** The prev_hash of the first entry: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

export const REDACTED = '[redacted]';
const SECRET_KEY = /password|secret|token/i;

/** What an audit entry states: every stored column except seq, recorded_at and the hashes. */
export interface AuditEntry {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly eventType: string;
  readonly actorId: string | null;
  readonly requestId: string | null;
  /** ISO 8601 with milliseconds, as `Date.toISOString()` writes it. */
  readonly occurredAt: string;
  readonly payload: unknown;
  readonly metadata: unknown;
}

export type ChainBreakReason = 'hash-mismatch' | 'prev-hash-mismatch';

export interface ChainBreak {
  readonly reason: ChainBreakReason;
  readonly expected: string;
  readonly actual: string;
}

/** A copy of `value` where every member whose key names a password, secret or token is "[redacted]". */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => redactSecrets(item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [key, SECRET_KEY.test(key) ? REDACTED : redactSecrets(member)]),
  ) as T;
}

/** sha256_hex(prevHash || canonical_json(entry)): each entry seals the one before it. */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/**
 * Checks one stored link against the hash of the link before it (GENESIS_HASH for the first):
 * a removed or reordered entry breaks prev_hash, an edited one breaks its own hash.
 */
export function checkLink(
  expectedPrevHash: string,
  link: { readonly prevHash: string; readonly hash: string; readonly entry: AuditEntry },
): ChainBreak | null {
  if (link.prevHash !== expectedPrevHash) {
    return { reason: 'prev-hash-mismatch', expected: expectedPrevHash, actual: link.prevHash };
  }
  const recomputed = chainHash(link.prevHash, link.entry);
  return recomputed === link.hash ? null : { reason: 'hash-mismatch', expected: recomputed, actual: link.hash };
}
