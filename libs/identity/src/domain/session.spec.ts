import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { SessionEvent } from './identity-events.js';
import { type PresentedGeneration, type SessionCommand, sessionDecider } from './session.js';

const { given } = deciderSpec(sessionDecider);

const started: SessionEvent = {
  type: 'identity.session-started',
  data: { sessionId: 's1', userId: 'u1', expiresAt: '2026-12-01T00:00:00.000Z' },
};
const refresh = (presentedGeneration: PresentedGeneration, now = '2026-11-28T00:00:00.000Z'): SessionCommand => ({
  type: 'RefreshSession',
  presentedGeneration,
  newExpiresAt: '2026-12-28T00:00:00.000Z',
  now,
  graceSeconds: 10,
});
const rotated: SessionEvent = {
  type: 'identity.session-refreshed',
  data: { sessionId: 's1', expiresAt: '2026-12-28T00:00:00.000Z', refreshedAt: '2026-11-28T00:00:00.000Z' },
};
const rotatedLongAgo: SessionEvent = { type: 'identity.session-refreshed', data: { sessionId: 's1', expiresAt: '2026-12-28T00:00:00.000Z' } };
const revokedForReuse: SessionEvent = { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'token-reuse' } };
const loggedOut: SessionEvent = { type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'logout' } };
const logOut = (presentedGeneration: PresentedGeneration): SessionCommand => ({ type: 'RevokeSession', presentedGeneration });

describe('session decider (rotating refresh tokens, one family per login)', () => {
  it('starts once', () => {
    const start: SessionCommand = { type: 'StartSession', ...started.data, mfaAt: null };
    given([]).when(start).then([started]);
    const withMfa: SessionEvent = { type: 'identity.session-started', data: { ...started.data, mfaAt: '2026-11-27T00:00:00.000Z' } };
    given([]).when({ ...start, mfaAt: '2026-11-27T00:00:00.000Z' }).then([withMfa]);
    expect(foldEvents(sessionDecider, [withMfa])).toMatchObject({ mfaAt: '2026-11-27T00:00:00.000Z' });
    given([started]).when(start).thenRefuses('IDENTITY.SESSION_EXISTS', 'conflict');
  });

  it('rotates on the current generation', () => {
    given([started]).when(refresh(1)).then([rotated]);
    given([started, rotated]).when(refresh(2)).then([rotated]);
  });

  it('revokes the whole family when a rotated-away generation comes back after the grace window', () => {
    given([started, rotated]).when(refresh(1, '2026-11-28T00:00:10.001Z')).then([revokedForReuse]);
    given([started, rotatedLongAgo]).when(refresh(1)).then([revokedForReuse]); // rotated before refreshedAt was recorded
  });

  it('revokes the family when an older generation than the last rotated one comes back, even at once', () =>
    given([started, rotated, rotated]).when(refresh(1)).then([revokedForReuse]));

  it('answers the rotation just made again, recording nothing, when its old token comes back within the grace window', () => {
    given([started, rotated]).when(refresh(1)).then([]);
    given([started, rotated]).when(refresh(1, '2026-11-28T00:00:10.000Z')).then([]);
  });

  it('refuses, and records nothing for, a token that is none of the session\'s', () => {
    given([started]).when(refresh(null)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started, rotated]).when(refresh(null)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
  });

  it('refuses refresh at expiry', () =>
    given([started]).when(refresh(1, '2026-12-01T00:00:00.000Z')).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized'));

  it('refuses refresh after revocation, and of an unknown session', () => {
    given([started, loggedOut]).when(refresh(1)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started, rotated, revokedForReuse]).when(refresh(2)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([]).when(refresh(1)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
  });

  it('logs out only with the current generation', () => {
    given([started]).when(logOut(1)).then([loggedOut]);
    given([started, rotated]).when(logOut(1)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started]).when(logOut(null)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([started, loggedOut]).when(logOut(1)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
    given([]).when(logOut(1)).thenRefuses('IDENTITY.INVALID_REFRESH_TOKEN', 'unauthorized');
  });

  it('steps up an active session of its owner only', () => {
    const stepUp = (userId: string): SessionCommand => ({ type: 'StepUp', userId, mfaAt: '2026-11-28T01:00:00.000Z' });
    const steppedUp: SessionEvent = { type: 'identity.session-stepped-up', data: { sessionId: 's1', mfaAt: '2026-11-28T01:00:00.000Z' } };
    given([started]).when(stepUp('u1')).then([steppedUp]);
    given([started]).when(stepUp('u2')).thenRefuses('IDENTITY.SESSION_NOT_FOUND', 'not_found');
    given([started, loggedOut]).when(stepUp('u1')).thenRefuses('IDENTITY.SESSION_NOT_FOUND', 'not_found');
    expect(foldEvents(sessionDecider, [started, steppedUp])).toMatchObject({ mfaAt: '2026-11-28T01:00:00.000Z' });
    expect(foldEvents(sessionDecider, [started, loggedOut, steppedUp])).toEqual({ status: 'revoked', sessionId: 's1', userId: 'u1' });
  });

  it('ends a session for its owner, and answers anyone else as if it did not exist', () => {
    const end = (userId: string): SessionCommand => ({ type: 'EndSession', userId, reason: 'ended-by-user' });
    given([started]).when(end('u1')).then([{ type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'ended-by-user' } }]);
    given([started])
      .when({ type: 'EndSession', userId: 'u1', reason: 'password-changed' })
      .then([{ type: 'identity.session-revoked', data: { sessionId: 's1', reason: 'password-changed' } }]);
    given([started]).when(end('u2')).thenRefuses('IDENTITY.SESSION_NOT_FOUND', 'not_found');
    given([started, loggedOut]).when(end('u1')).thenRefuses('IDENTITY.SESSION_NOT_FOUND', 'not_found');
    given([]).when(end('u1')).thenRefuses('IDENTITY.SESSION_NOT_FOUND', 'not_found');
  });

  it('folds a session: generations count up, a revocation keeps who it was, stray events change nothing', () => {
    expect(foldEvents(sessionDecider, [started])).toEqual({ status: 'active', ...started.data, generation: 1, refreshedAt: null, mfaAt: null });
    expect(foldEvents(sessionDecider, [started, rotated])).toEqual({ status: 'active', ...rotated.data, userId: 'u1', generation: 2, mfaAt: null });
    expect(foldEvents(sessionDecider, [started, rotatedLongAgo])).toMatchObject({ generation: 2, refreshedAt: null });
    expect(foldEvents(sessionDecider, [started, loggedOut])).toEqual({ status: 'revoked', sessionId: 's1', userId: 'u1' });
    expect(foldEvents(sessionDecider, [started, loggedOut, rotated])).toEqual({ status: 'revoked', sessionId: 's1', userId: 'u1' });
    expect(foldEvents(sessionDecider, [loggedOut])).toEqual({ status: 'none' });
    expect(foldEvents(sessionDecider, [rotated])).toEqual({ status: 'none' });
  });
});
