import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { UserEvent } from './identity-events.js';
import { type UserCommand, userDecider } from './user.js';

const { given } = deciderSpec(userDecider);

const registered: UserEvent = {
  type: 'identity.user-registered',
  data: { userId: 'u1', email: 'a@b.co', displayName: 'A', roles: ['learner'] },
};

describe('user decider', () => {
  it('registers once', () => {
    const register: UserCommand = { type: 'RegisterUser', ...registered.data };
    given([]).when(register).then([registered]);
    given([registered]).when(register).thenRefuses('IDENTITY.USER_EXISTS', 'conflict');
  });

  it('grants only roles not yet held, and records nothing when all are held', () => {
    const granted: UserEvent = { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['creator'] } };
    given([registered]).when({ type: 'GrantRoles', roles: ['creator', 'learner', 'creator'] }).then([granted]);
    given([registered, granted]).when({ type: 'GrantRoles', roles: ['creator'] }).then([]);
    expect(foldEvents(userDecider, [registered, granted])).toMatchObject({ roles: ['learner', 'creator'] });
    expect(foldEvents(userDecider, [granted])).toEqual({ status: 'unregistered' });
  });

  it('records a password change of a registered user, which changes nothing else', () => {
    const changed: UserEvent = { type: 'identity.password-changed', data: { userId: 'u1', reason: 'change' } };
    given([registered]).when({ type: 'ChangePassword' }).then([changed]);
    expect(foldEvents(userDecider, [registered, changed])).toEqual(foldEvents(userDecider, [registered]));
  });

  it('refuses a password change of a user that does not exist', () =>
    given([]).when({ type: 'ChangePassword' }).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found'));

  it('refuses grants to a user that does not exist', () =>
    given([]).when({ type: 'GrantRoles', roles: ['admin'] }).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found'));
});
