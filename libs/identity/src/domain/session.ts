import type { Decider } from '#platform/domain';
import { IdentityErrors } from './identity.errors.js';
import type { SessionEvent } from './identity-events.js';

/**
 * A refresh-token session (a token family, one per login). Each refresh issues the next token
 * generation; presenting an older generation again means a token leaked, so the whole family is
 * revoked — except the generation just rotated away, presented again within a short grace window:
 * two tabs refreshing at once, or a retry after a lost answer. That one gets the same new tokens
 * again (the command keeps them, sealed with the old token), and the session lives on.
 *
 * Which generation a presented token is — or that it is none of this session's — is looked up by
 * the command in identity_refresh_tokens (only hashes are kept there): knowing a session id must
 * not let anyone end it, so a token of no generation changes nothing.
 */
export type SessionState =
  | { status: 'none' }
  | {
      status: 'active';
      sessionId: string;
      userId: string;
      generation: number;
      expiresAt: string;
      /** When the current generation was issued by a refresh; null before the first refresh (or unknown). */
      refreshedAt: string | null;
      /** When the session last passed a second factor; null if it never did. */
      mfaAt: string | null;
    }
  | { status: 'revoked'; sessionId: string; userId: string };

/** The generation a presented refresh token was issued as; null when it is no token of this session. */
export type PresentedGeneration = number | null;

export type SessionCommand =
  | { type: 'StartSession'; sessionId: string; userId: string; expiresAt: string; mfaAt: string | null }
  /** The session's owner passed a second factor again. */
  | { type: 'StepUp'; userId: string; mfaAt: string }
  | { type: 'RefreshSession'; presentedGeneration: PresentedGeneration; newExpiresAt: string; now: string; graceSeconds: number }
  | { type: 'RevokeSession'; presentedGeneration: PresentedGeneration }
  /** Its owner ends it from the session list, or a password change or reset ends it. */
  | { type: 'EndSession'; userId: string; reason: 'ended-by-user' | 'password-changed' | 'password-reset' | 'suspended' | 'account-erased' };

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'identity.session-started':
        return { status: 'active', ...event.data, generation: 1, refreshedAt: null, mfaAt: event.data.mfaAt ?? null };
      case 'identity.session-refreshed':
        return state.status === 'active'
          ? { ...state, generation: state.generation + 1, expiresAt: event.data.expiresAt, refreshedAt: event.data.refreshedAt ?? null }
          : state;
      case 'identity.session-stepped-up':
        return state.status === 'active' ? { ...state, mfaAt: event.data.mfaAt } : state;
      case 'identity.session-revoked':
        return state.status === 'none' ? state : { status: 'revoked', sessionId: state.sessionId, userId: state.userId };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'StartSession': {
        if (state.status !== 'none') throw IdentityErrors.sessionAlreadyStarted();
        const { sessionId, userId, expiresAt, mfaAt } = command;
        return [{ type: 'identity.session-started', data: { sessionId, userId, expiresAt, ...(mfaAt ? { mfaAt } : {}) } }];
      }
      case 'RefreshSession': {
        if (state.status !== 'active' || command.presentedGeneration === null) throw IdentityErrors.invalidRefreshToken();
        if (command.presentedGeneration < state.generation) {
          // The rotation just made, asked for again at once: nothing new happens, the same tokens are answered.
          if (withinGrace(state, command)) return [];
          // A genuine token that was already rotated away is back: assume theft, end the family.
          return [{ type: 'identity.session-revoked', data: { sessionId: state.sessionId, reason: 'token-reuse' } }];
        }
        if (Date.parse(state.expiresAt) <= Date.parse(command.now)) throw IdentityErrors.invalidRefreshToken();
        return [
          {
            type: 'identity.session-refreshed',
            data: { sessionId: state.sessionId, expiresAt: command.newExpiresAt, refreshedAt: command.now },
          },
        ];
      }
      case 'RevokeSession': {
        if (state.status !== 'active' || command.presentedGeneration !== state.generation) throw IdentityErrors.invalidRefreshToken();
        return [{ type: 'identity.session-revoked', data: { sessionId: state.sessionId, reason: 'logout' } }];
      }
      case 'StepUp': {
        if (state.status !== 'active' || state.userId !== command.userId) throw IdentityErrors.sessionNotFound();
        return [{ type: 'identity.session-stepped-up', data: { sessionId: state.sessionId, mfaAt: command.mfaAt } }];
      }
      case 'EndSession': {
        // Another user's session is answered exactly like one that does not exist.
        if (state.status !== 'active' || state.userId !== command.userId) throw IdentityErrors.sessionNotFound();
        return [{ type: 'identity.session-revoked', data: { sessionId: state.sessionId, reason: command.reason } }];
      }
    }
  },
};

function withinGrace(
  state: Extract<SessionState, { status: 'active' }>,
  command: Extract<SessionCommand, { type: 'RefreshSession' }>,
): boolean {
  if (command.presentedGeneration !== state.generation - 1 || state.refreshedAt === null) return false;
  return Date.parse(command.now) - Date.parse(state.refreshedAt) <= command.graceSeconds * 1000;
}
