import type { Decider } from '#platform/domain';
import { IdentityErrors } from './identity.errors.js';
import type { SessionEvent } from './identity-events.js';

/**
 * A refresh-token session (a token family). Each refresh rotates the token; presenting a
 * rotated-away token again means it leaked, so the whole session is revoked. A token that was
 * never issued for the session changes nothing: knowing a session id must not let anyone end it.
 */
export type SessionState =
  | { status: 'none' }
  | {
      status: 'active';
      sessionId: string;
      userId: string;
      tokenHash: string;
      expiresAt: string;
      /** Hashes of the tokens rotated away: only one of these coming back is a reuse. */
      rotatedTokenHashes: string[];
    }
  | { status: 'revoked'; sessionId: string; userId: string };

export type SessionCommand =
  | { type: 'StartSession'; sessionId: string; userId: string; tokenHash: string; expiresAt: string }
  | { type: 'RefreshSession'; presentedTokenHash: string; newTokenHash: string; newExpiresAt: string; now: string }
  | { type: 'RevokeSession'; presentedTokenHash: string };

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'identity.session-started':
        return { status: 'active', ...event.data, rotatedTokenHashes: [] };
      case 'identity.session-refreshed':
        return state.status === 'active'
          ? {
              ...state,
              tokenHash: event.data.tokenHash,
              expiresAt: event.data.expiresAt,
              rotatedTokenHashes: [...state.rotatedTokenHashes, state.tokenHash],
            }
          : state;
      case 'identity.session-revoked':
        return state.status === 'none' ? state : { status: 'revoked', sessionId: state.sessionId, userId: state.userId };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'StartSession': {
        if (state.status !== 'none') throw IdentityErrors.sessionAlreadyStarted();
        const { sessionId, userId, tokenHash, expiresAt } = command;
        return [{ type: 'identity.session-started', data: { sessionId, userId, tokenHash, expiresAt } }];
      }
      case 'RefreshSession': {
        if (state.status !== 'active') throw IdentityErrors.invalidRefreshToken();
        if (state.rotatedTokenHashes.includes(command.presentedTokenHash)) {
          // A genuine token that was already rotated away is back: assume theft, end the family.
          return [{ type: 'identity.session-revoked', data: { sessionId: state.sessionId, reason: 'token-reuse' } }];
        }
        // Anything else that is not the current token proves nothing (a session id is no secret): refused, nothing recorded.
        if (command.presentedTokenHash !== state.tokenHash) throw IdentityErrors.invalidRefreshToken();
        if (Date.parse(state.expiresAt) <= Date.parse(command.now)) throw IdentityErrors.invalidRefreshToken();
        return [
          {
            type: 'identity.session-refreshed',
            data: { sessionId: state.sessionId, tokenHash: command.newTokenHash, expiresAt: command.newExpiresAt },
          },
        ];
      }
      case 'RevokeSession': {
        if (state.status !== 'active' || command.presentedTokenHash !== state.tokenHash) {
          throw IdentityErrors.invalidRefreshToken();
        }
        return [{ type: 'identity.session-revoked', data: { sessionId: state.sessionId, reason: 'logout' } }];
      }
    }
  },
};
