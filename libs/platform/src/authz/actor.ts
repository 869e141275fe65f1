import { DomainError, type Role } from '../domain/index.js';

/** The authenticated caller, as the access token says. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
  /** The sign-in session the access token belongs to (absent for actors not signed in over HTTP). */
  readonly sessionId?: string;
  /** When this session last passed a second factor (epoch seconds); absent if it never did. */
  readonly mfaAt?: number;
  /** Whether the user proved their email is theirs, as of this request (absent outside HTTP). */
  readonly emailVerified?: boolean;
}

/**
 * For what an unverified account may not do (buy): any domain asks the actor, never identity's
 * tables. 403 AUTH.EMAIL_UNVERIFIED, documented where a route declares it.
 */
export function requireVerifiedEmail(actor: Actor): void {
  if (actor.emailVerified !== true) {
    throw new DomainError('AUTH.EMAIL_UNVERIFIED', 'forbidden', 'Verify your email address first: open the link we mailed you.');
  }
}
