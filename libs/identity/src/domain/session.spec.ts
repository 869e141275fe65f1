import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { SessionEvent } from './identity-events.js';
import { type SessionCommand, sessionDecider } from './session.js';

const { given } = deciderSpec(sessionDecider);

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
  const revokedForReuse: SessionEvent = { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'token-reuse' } };
  const loggedOut: SessionEvent = { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'logout' } };
  const start: SessionCommand = { type: 'StartSession', ...started.data };

  it('starts once', () => {
    given([]).when(start).then([started]);
    given([started]).when(start).thenRefuses('IDENTITY.SESSION_EXISTS', 'conflict');
  });

  it('rotates on the current token', () => given([started]).when(refresh('h1')).then([rotated]));

  it('revokes the whole session when a rotated-away token comes back', () =>
    given([started, rotated]).when(refresh('h1')).then([revokedForReuse]));

  it('refuses, and records nothing for, a token that was never issued for the session', () => {
    given([started]).when(refresh('forged')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started, rotated]).when(refresh('forged')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
  });

  it('refuses refresh after expiry, after revocation, and of an unknown session', () => {
    given([started]).when(refresh('h1', '2026-12-01T00:00:00.000Z')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started, loggedOut]).when(refresh('h1')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started, rotated, revokedForReuse]).when(refresh('h2')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([]).when(refresh('h1')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
  });

  it('logs out only with the current token', () => {
    given([started]).when({ type: 'RevokeSession', presentedTokenHash: 'h1' }).then([loggedOut]);
    given([started, rotated]).when({ type: 'RevokeSession', presentedTokenHash: 'h1' }).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN');
    given([started]).when({ type: 'RevokeSession', presentedTokenHash: 'forged' }).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN');
    given([started, loggedOut]).when({ type: 'RevokeSession', presentedTokenHash: 'h1' }).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN');
  });

  it('folds a session: rotated tokens remembered, a revocation keeps who it was, stray events change nothing', () => {
    expect(foldEvents(sessionDecider, [started])).toEqual({ status: 'active', ...started.data, rotatedTokenHashes: [] });
    expect(foldEvents(sessionDecider, [started, rotated])).toMatchObject({ tokenHash: 'h2', rotatedTokenHashes: ['h1'] });
    expect(foldEvents(sessionDecider, [started, loggedOut])).toEqual({ status: 'revoked', sessionId: 's1', userId: 'u1' });
    expect(foldEvents(sessionDecider, [started, loggedOut, rotated])).toEqual({ status: 'revoked', sessionId: 's1', userId: 'u1' });
    expect(foldEvents(sessionDecider, [loggedOut])).toEqual({ status: 'none' });
  });
});
