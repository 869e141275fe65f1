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
const verified: UserEvent = { type: 'identity.email-verified', data: { userId: 'u1' } };
const register: UserCommand = { type: 'RegisterUser', ...registered.data, emailVerified: false };

describe('user decider', () => {
  it('registers once, with an unverified email unless the operator configured it', () => {
    given([]).when(register).then([registered]);
    given([]).when({ ...register, emailVerified: true }).then([registered, verified]);
    given([registered]).when(register).thenRefuses('IDENTITY.USER_EXISTS', 'conflict');
    expect(foldEvents(userDecider, [registered])).toMatchObject({ emailVerified: false });
  });

  it('registers through a provider account: verified as the provider says, linked at once', () => {
    const identity = { provider: 'acme', issuer: 'https://id.acme.test', subject: 'sub-1' };
    const linked: UserEvent = { type: 'identity.external-identity-linked', data: { userId: 'u1', ...identity } };
    given([]).when({ ...register, emailVerified: true, externalIdentity: identity }).then([registered, verified, linked]);
    given([]).when({ ...register, externalIdentity: identity }).then([registered, linked]);
    expect(foldEvents(userDecider, [registered, linked])).toMatchObject({ externalIdentities: [identity], emailVerified: false });
  });

  it('links one provider account per issuer; the same one again records nothing', () => {
    const identity = { provider: 'acme', issuer: 'https://id.acme.test', subject: 'sub-1' };
    const linked: UserEvent = { type: 'identity.external-identity-linked', data: { userId: 'u1', ...identity } };
    given([registered]).when({ type: 'LinkExternalIdentity', identity }).then([linked]);
    given([registered, linked]).when({ type: 'LinkExternalIdentity', identity }).then([]);
    given([registered, linked])
      .when({ type: 'LinkExternalIdentity', identity: { ...identity, subject: 'sub-2' } })
      .thenRefuses('IDENTITY.PROVIDER_ALREADY_LINKED', 'conflict');
    const other = { provider: 'other', issuer: 'https://other.test', subject: 'sub-1' };
    given([registered, linked])
      .when({ type: 'LinkExternalIdentity', identity: other })
      .then([{ type: 'identity.external-identity-linked', data: { userId: 'u1', ...other } }]);
    given([]).when({ type: 'LinkExternalIdentity', identity }).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found');
  });

  it('unlinks a linked provider account, never the last way to sign in', () => {
    const identity = { provider: 'acme', issuer: 'https://id.acme.test', subject: 'sub-1' };
    const other = { provider: 'other', issuer: 'https://other.test', subject: 'sub-9' };
    const linked: UserEvent = { type: 'identity.external-identity-linked', data: { userId: 'u1', ...identity } };
    const linkedOther: UserEvent = { type: 'identity.external-identity-linked', data: { userId: 'u1', ...other } };
    const unlinked: UserEvent = { type: 'identity.external-identity-unlinked', data: { userId: 'u1', ...identity } };
    given([registered, linked]).when({ type: 'UnlinkExternalIdentity', provider: 'acme', hasPassword: true }).then([unlinked]);
    given([registered, linked])
      .when({ type: 'UnlinkExternalIdentity', provider: 'acme', hasPassword: false })
      .thenRefuses('IDENTITY.LAST_SIGN_IN_METHOD', 'conflict');
    given([registered, linked, linkedOther]).when({ type: 'UnlinkExternalIdentity', provider: 'acme', hasPassword: false }).then([unlinked]);
    given([registered, linked, unlinked])
      .when({ type: 'UnlinkExternalIdentity', provider: 'acme', hasPassword: true })
      .thenRefuses('IDENTITY.EXTERNAL_IDENTITY_NOT_FOUND', 'not_found');
    expect(foldEvents(userDecider, [registered, linked, linkedOther, unlinked])).toMatchObject({ externalIdentities: [other] });
  });

  it('grants only roles not yet held, and records nothing when all are held', () => {
    const granted: UserEvent = { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['creator'] } };
    given([registered]).when({ type: 'GrantRoles', roles: ['creator', 'learner', 'creator'] }).then([granted]);
    given([registered, granted]).when({ type: 'GrantRoles', roles: ['creator'] }).then([]);
    expect(foldEvents(userDecider, [registered, granted])).toMatchObject({ roles: ['learner', 'creator'] });
    expect(foldEvents(userDecider, [granted])).toEqual({ status: 'unregistered' });
  });

  it('grants roles for a while: a grant of a held role with another end sets its end anew, with the same end records nothing', () => {
    const until = '2026-12-01T00:00:00.000Z';
    const temporary: UserEvent = { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['moderator'], expiresAt: until } };
    given([registered]).when({ type: 'GrantRoles', roles: ['moderator'], expiresAt: until }).then([temporary]);
    given([registered, temporary]).when({ type: 'GrantRoles', roles: ['moderator'], expiresAt: until }).then([]);
    given([registered, temporary])
      .when({ type: 'GrantRoles', roles: ['moderator', 'learner'] })
      .then([{ type: 'identity.roles-granted', data: { userId: 'u1', roles: ['moderator'] } }]);
    given([registered, temporary])
      .when({ type: 'GrantRoles', roles: ['learner'], expiresAt: until })
      .then([{ type: 'identity.roles-granted', data: { userId: 'u1', roles: ['learner'], expiresAt: until } }]);
    expect(foldEvents(userDecider, [registered, temporary])).toMatchObject({ roles: ['learner', 'moderator'], roleExpiries: { moderator: until } });
    const permanent: UserEvent = { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['moderator'] } };
    expect(foldEvents(userDecider, [registered, temporary, permanent])).toMatchObject({ roleExpiries: {} });
  });

  it('revokes only roles held, with their end, and records nothing when none is held', () => {
    const until = '2026-12-01T00:00:00.000Z';
    const temporary: UserEvent = { type: 'identity.roles-granted', data: { userId: 'u1', roles: ['moderator'], expiresAt: until } };
    const revoked: UserEvent = { type: 'identity.roles-revoked', data: { userId: 'u1', roles: ['moderator'] } };
    given([registered, temporary]).when({ type: 'RevokeRoles', roles: ['moderator', 'creator', 'moderator'] }).then([revoked]);
    given([registered, temporary, revoked]).when({ type: 'RevokeRoles', roles: ['moderator'] }).then([]);
    expect(foldEvents(userDecider, [registered, temporary, revoked])).toMatchObject({ roles: ['learner'], roleExpiries: {} });
    given([]).when({ type: 'RevokeRoles', roles: ['learner'] }).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found');
  });

  it('updates only the profile fields that change, and records nothing when none does', () => {
    given([registered])
      .when({ type: 'UpdateProfile', changes: { displayName: 'A', bio: 'Hi', locale: undefined, avatarUrl: null } })
      .then([{ type: 'identity.profile-updated', data: { userId: 'u1', changes: { bio: 'Hi' } } }]);
    given([registered]).when({ type: 'UpdateProfile', changes: { displayName: 'A', timeZone: null } }).then([]);
    const updated: UserEvent = { type: 'identity.profile-updated', data: { userId: 'u1', changes: { timeZone: 'Asia/Shanghai', displayName: 'B' } } };
    expect(foldEvents(userDecider, [registered, updated])).toMatchObject({
      profile: { displayName: 'B', avatarUrl: null, bio: null, locale: null, timeZone: 'Asia/Shanghai' },
    });
    given([registered, updated]).when({ type: 'UpdateProfile', changes: { timeZone: null } }).then([
      { type: 'identity.profile-updated', data: { userId: 'u1', changes: { timeZone: null } } },
    ]);
  });

  it('changes the email to a proved new address, verified; the same address records nothing', () => {
    const changed: UserEvent = { type: 'identity.email-changed', data: { userId: 'u1', email: 'new@b.co' } };
    given([registered]).when({ type: 'ChangeEmail', email: 'new@b.co' }).then([changed]);
    given([registered]).when({ type: 'ChangeEmail', email: 'a@b.co' }).then([]);
    expect(foldEvents(userDecider, [registered, changed])).toMatchObject({ email: 'new@b.co', emailVerified: true });
  });

  it('verifies an email once; a second proof records nothing', () => {
    given([registered]).when({ type: 'VerifyEmail' }).then([verified]);
    given([registered, verified]).when({ type: 'VerifyEmail' }).then([]);
    expect(foldEvents(userDecider, [registered, verified])).toMatchObject({ emailVerified: true });
  });

  it('records a password change or reset of a registered user, which changes nothing else', () => {
    const changed: UserEvent = { type: 'identity.password-changed', data: { userId: 'u1', reason: 'change' } };
    const reset: UserEvent = { type: 'identity.password-reset', data: { userId: 'u1' } };
    given([registered]).when({ type: 'ChangePassword' }).then([changed]);
    given([registered]).when({ type: 'ResetPassword' }).then([reset]);
    expect(foldEvents(userDecider, [registered, changed, reset])).toEqual(foldEvents(userDecider, [registered]));
  });

  it('enables a second factor once, disables it only when enabled, and regenerates recovery codes only then', () => {
    const enabled: UserEvent = { type: 'identity.mfa-enabled', data: { userId: 'u1', method: 'totp' } };
    const disabled: UserEvent = { type: 'identity.mfa-disabled', data: { userId: 'u1' } };
    given([registered]).when({ type: 'EnableMfa' }).then([enabled]);
    given([registered, enabled]).when({ type: 'EnableMfa' }).thenRefuses('IDENTITY.MFA_ALREADY_ENABLED', 'conflict');
    given([registered, enabled]).when({ type: 'DisableMfa' }).then([disabled]);
    given([registered]).when({ type: 'DisableMfa' }).thenRefuses('IDENTITY.MFA_NOT_ENABLED', 'conflict');
    given([registered, enabled, disabled]).when({ type: 'DisableMfa' }).thenRefuses('IDENTITY.MFA_NOT_ENABLED', 'conflict');
    given([registered, enabled])
      .when({ type: 'RegenerateRecoveryCodes' })
      .then([{ type: 'identity.recovery-codes-regenerated', data: { userId: 'u1' } }]);
    given([registered]).when({ type: 'RegenerateRecoveryCodes' }).thenRefuses('IDENTITY.MFA_NOT_ENABLED', 'conflict');
    expect(foldEvents(userDecider, [registered, enabled])).toMatchObject({ mfaEnabled: true });
    expect(foldEvents(userDecider, [registered, enabled, disabled])).toMatchObject({ mfaEnabled: false });
  });

  it('suspends an account once, and unsuspends only a suspended one', () => {
    const suspended: UserEvent = { type: 'identity.user-suspended', data: { userId: 'u1', reason: 'fraud' } };
    const unsuspended: UserEvent = { type: 'identity.user-unsuspended', data: { userId: 'u1' } };
    given([registered]).when({ type: 'Suspend', reason: 'fraud' }).then([suspended]);
    given([registered, suspended]).when({ type: 'Suspend', reason: 'again' }).thenRefuses('IDENTITY.ALREADY_SUSPENDED', 'conflict');
    given([registered, suspended]).when({ type: 'Unsuspend' }).then([unsuspended]);
    given([registered]).when({ type: 'Unsuspend' }).thenRefuses('IDENTITY.NOT_SUSPENDED', 'conflict');
    given([registered, suspended, unsuspended]).when({ type: 'Unsuspend' }).thenRefuses('IDENTITY.NOT_SUSPENDED', 'conflict');
    expect(foldEvents(userDecider, [registered, suspended])).toMatchObject({ suspended: true });
    expect(foldEvents(userDecider, [registered, suspended, unsuspended])).toMatchObject({ suspended: false });
  });

  it('verifies a phone number; the same number again records nothing, another replaces it', () => {
    const verified: UserEvent = { type: 'identity.phone-verified', data: { userId: 'u1', phone: '+8613800138000' } };
    given([registered]).when({ type: 'VerifyPhone', phone: '+8613800138000' }).then([verified]);
    given([registered, verified]).when({ type: 'VerifyPhone', phone: '+8613800138000' }).then([]);
    given([registered, verified])
      .when({ type: 'VerifyPhone', phone: '+8613900139000' })
      .then([{ type: 'identity.phone-verified', data: { userId: 'u1', phone: '+8613900139000' } }]);
    expect(foldEvents(userDecider, [registered, verified])).toMatchObject({ phone: '+8613800138000' });
    expect(foldEvents(userDecider, [registered, verified, { type: 'identity.account-erased', data: { userId: 'u1' } }])).toMatchObject({ phone: null });
    given([]).when({ type: 'VerifyPhone', phone: '+8613800138000' }).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found');
  });

  it('erases an account once; afterwards it is gone for every other command', () => {
    const erased: UserEvent = { type: 'identity.account-erased', data: { userId: 'u1' } };
    const enabled: UserEvent = { type: 'identity.mfa-enabled', data: { userId: 'u1', method: 'totp' } };
    given([registered, enabled]).when({ type: 'EraseAccount' }).then([erased]);
    given([registered, erased]).when({ type: 'EraseAccount' }).then([]);
    for (const command of [{ type: 'GrantRoles', roles: ['admin'] }, { type: 'VerifyEmail' }, { type: 'UpdateProfile', changes: { bio: 'back' } }] as UserCommand[]) {
      given([registered, erased]).when(command).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found');
    }
    given([registered, erased]).when(register).thenRefuses('IDENTITY.USER_EXISTS', 'conflict');
    expect(foldEvents(userDecider, [registered, enabled, erased])).toMatchObject({ erased: true, mfaEnabled: false, roles: [] });
  });

  it('refuses everything but registration for a user that does not exist', () => {
    const commands = ['EraseAccount', 'Unsuspend', 'ChangePassword', 'VerifyEmail', 'ResetPassword', 'EnableMfa', 'DisableMfa', 'RegenerateRecoveryCodes'].map((type) => ({ type }));
    const withData = [
      { type: 'GrantRoles', roles: ['admin'] },
      { type: 'UpdateProfile', changes: { bio: 'x' } },
      { type: 'ChangeEmail', email: 'x@y.z' },
    ];
    for (const command of [...withData, ...commands] as UserCommand[]) {
      given([]).when(command).thenRefuses('IDENTITY.USER_NOT_FOUND', 'not_found');
    }
  });
});
