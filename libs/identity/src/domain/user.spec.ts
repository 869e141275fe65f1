import { describe, expect, it } from 'vitest';
import { DomainError } from '#platform/domain';
import type { UserEvent } from './identity-events.js';
import { type UserCommand, userDecider } from './user.js';

function given(events: UserEvent[]) {
  const state = events.reduce(userDecider.evolve, userDecider.initialState());
  return {
    when(command: UserCommand) {
      try {
        return { events: userDecider.decide(command, state), error: null };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { events: [], error: error.code };
      }
    },
  };
}

const registered: UserEvent = {
  type: 'identity.user-registered',
  data: { userId: 'u1', email: 'a@b.co', displayName: 'A', passwordHash: '$argon2id$…', roles: ['learner'] },
};

describe('user decider', () => {
  it('registers once', () => {
    const register: UserCommand = { type: 'RegisterUser', ...registered.data };
    expect(given([]).when(register).events).toEqual([registered]);
    expect(given([registered]).when(register).error).toBe('IDENTITY.USER_EXISTS');
  });

  it('grants only roles not yet held, and records nothing when all are held', () => {
    expect(given([registered]).when({ type: 'GrantRoles', roles: ['creator', 'learner', 'creator'] }).events).toEqual([
      { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['creator'] } },
    ]);
    const granted: UserEvent = { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['creator'] } };
    expect(given([registered, granted]).when({ type: 'GrantRoles', roles: ['creator'] }).events).toEqual([]);
  });

  it('refuses grants to a user that does not exist', () => {
    expect(given([]).when({ type: 'GrantRoles', roles: ['admin'] }).error).toBe('IDENTITY.USER_NOT_FOUND');
  });
});
