/**
 * What kind of refusal an error is. The HTTP edge maps a kind to a status;
 * the domain never speaks HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the request is well formed but breaks a business rule (422)
  | 'not_found' // the record does not exist, or the caller may not know it does (404)
  | 'conflict' // the record changed or is in a state that forbids this (409)
  | 'forbidden' // the caller is known and may not do this (403)
  | 'unauthorized' // the caller could not be authenticated (401)
  | 'throttled' // the caller tried too often; `details.retryAfterSeconds` says when to try again (429)
  | 'unavailable'; // we cannot serve this right now, through no fault of the caller; retry later (503)

/** A typed refusal with a stable code (`COMMERCE.ORDER_NOT_FOUND`) clients can branch on. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
