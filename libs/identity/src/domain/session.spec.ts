import { describe, expect, it } from 'vitest';
import { DomainError } from '#platform/domain';
import type { SessionEvent } from './identity-events.js';
import { type SessionCommand, sessionDecider } from './session.js';

function given(events: SessionEvent[]) {
  const state = events.reduce(sessionDecider.evolve, sessionDecider.initialState());
  return {
    when(command: SessionCommand) {
      try {
        return { events: sessionDecider.decide(command, state), error: null };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { events: [], error: error.code };
      }
    },
  };
}

const started: SessionEvent = {
  type: 'identity.session-started',
  data: { sessionId: 's1', userId: 'u1', tokenHash: 'h1', expiresAt: '2026-12-01T00:00:00.000Z' },
};
const refresh = (presented: string, now = '2026-11-28T00:00:00.000Z'): SessionCommand => ({
  type: 'RefreshSession',
  presentedTokenHash: presented,
  newTokenHash: 'h2',
  newExpiresAt: '2026-12-28T00:00:00.000Z',
  now,
});
const rotated: SessionEvent = {
  type: 'identity.session-refreshed',
  data: { sessionId: 's1', tokenHash: 'h2', expiresAt: '2026-12-28T00:00:00.000Z' },
};

describe('session decider (rotating refresh tokens)', () => {
  it('starts once', () => {
    const start: SessionCommand = { type: 'StartSession', ...started.data };
    expect(given([]).when(start).events).toEqual([started]);
    expect(given([started]).when(start).error).toBe('IDENTITY.SESSION_EXISTS');
  });

  it('rotates on the current token', () => {
    expect(given([started]).when(refresh('h1')).events).toEqual([rotated]);
  });

  it('revokes the whole session when a rotated-away token comes back', () => {
    expect(given([started, rotated]).when(refresh('h1')).events).toEqual([
      { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'token-reuse' } },
    ]);
  });

  it('refuses refresh after expiry, after revocation, and of an unknown session', () => {
    expect(given([started]).when(refresh('h1', '2026-12-01T00:00:00.000Z')).error).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
    const revoked: SessionEvent = { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'logout' } };
    expect(given([started, revoked]).when(refresh('h1')).error).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
    expect(given([]).when(refresh('h1')).error).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
  });

  it('logs out only with the current token', () => {
    expect(given([started]).when({ type: 'RevokeSession', presentedTokenHash: 'h1' }).events).toEqual([
      { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'logout' } },
    ]);
    expect(given([started, rotated]).when({ type: 'RevokeSession', presentedTokenHash: 'h1' }).error).toBe(
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
  });
});
