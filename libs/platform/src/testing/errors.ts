import { expect } from 'vitest';
import { DomainError, type DomainErrorKind } from '../domain/index.js';

/**
 * A domain's catalogue of refusals, as clients see them: each factory's stable code, kind (its
 * HTTP status at the edge) and message. Clients branch on codes and show messages, so a change
 * to either is a change of contract and must show in a test.
 */
export function expectRefusal(error: unknown, code: string, kind: DomainErrorKind, message: string, details?: Record<string, unknown>): void {
  expect(error).toBeInstanceOf(DomainError);
  const refusal = error as DomainError;
  expect({ code: refusal.code, kind: refusal.kind, message: refusal.message, details: refusal.details }).toEqual({ code, kind, message, details });
}
