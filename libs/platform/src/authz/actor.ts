import type { Role } from '../domain/index.js';

/** The authenticated caller, as the access token says. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
  /** The sign-in session the access token belongs to (absent for actors not signed in over HTTP). */
  readonly sessionId?: string;
}
