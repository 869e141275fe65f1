import { describe, expect, it } from 'vitest';
import { identityEventTypes } from './identity-events.js';

describe('identity event schemas', () => {
  it('reads schema 1 without the secrets it carried', () => {
    const registered = identityEventTypes['identity.user-registered'].upcasters[1];
    expect(registered({ userId: 'u1', email: 'a@b.co', displayName: 'A', passwordHash: '$argon2id$…', roles: ['learner'] })).toEqual({
      userId: 'u1',
      email: 'a@b.co',
      displayName: 'A',
      roles: ['learner'],
    });
    const started = identityEventTypes['identity.session-started'].upcasters[1];
    expect(started({ sessionId: 's1', userId: 'u1', tokenHash: 'h', expiresAt: 'x' })).toEqual({ sessionId: 's1', userId: 'u1', expiresAt: 'x' });
    const refreshed = identityEventTypes['identity.session-refreshed'].upcasters[1];
    expect(refreshed({ sessionId: 's1', expiresAt: 'x' })).toEqual({ sessionId: 's1', expiresAt: 'x' }); // already redacted
  });
});
