import type { Decider, Role } from '#platform/domain';
import { IdentityErrors } from './identity.errors.js';
import type { ExternalIdentity, Profile, UserEvent } from './identity-events.js';

export type UserState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      userId: string;
      email: string;
      /** Every role granted and not revoked, with the end of those granted for a while (a pure decider knows no clock: whether one has ended is asked at sign-in and on every request). */
      roles: Role[];
      roleExpiries: Partial<Record<Role, string>>;
      profile: Profile;
      emailVerified: boolean;
      /** The verified phone number (E.164), if any. */
      phone: string | null;
      mfaEnabled: boolean;
      suspended: boolean;
      /** The owner erased the account: nothing more happens to it. */
      erased: boolean;
      /** Provider accounts that sign in to this one (at most one per issuer). */
      externalIdentities: ExternalIdentity[];
    };

export type UserCommand =
  /**
   * `emailVerified`: the operator configured this email (the first admin), or the provider the account
   * registers through vouched for it, so nobody needs to prove it. `externalIdentity`: the provider
   * account it registers through (it has no password then).
   */
  | { type: 'RegisterUser'; userId: string; email: string; displayName: string; roles: Role[]; emailVerified: boolean; externalIdentity?: ExternalIdentity }
  | { type: 'LinkExternalIdentity'; identity: ExternalIdentity }
  /** `hasPassword`: whether the account can sign in with a password (identity_credentials, outside the events). */
  | { type: 'UnlinkExternalIdentity'; provider: string; hasPassword: boolean }
  /** `expiresAt` (ISO 8601): the roles end then; absent, they last until revoked. */
  | { type: 'GrantRoles'; roles: Role[]; expiresAt?: string }
  | { type: 'RevokeRoles'; roles: Role[] }
  | { type: 'UpdateProfile'; changes: Partial<Profile> }
  /** The owner proved the new address with a mailed token: it replaces the old one, verified. */
  | { type: 'ChangeEmail'; email: string }
  | { type: 'ChangePassword' }
  | { type: 'VerifyEmail' }
  | { type: 'ResetPassword' }
  | { type: 'EnableMfa' }
  | { type: 'DisableMfa' }
  | { type: 'RegenerateRecoveryCodes' }
  | { type: 'Suspend'; reason: string }
  | { type: 'Unsuspend' }
  | { type: 'EraseAccount' }
  /** The owner proved the number with a texted code. */
  | { type: 'VerifyPhone'; phone: string };

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve(state, event) {
    if (event.type === 'identity.user-registered') {
      const { userId, email, roles, displayName } = event.data;
      return {
        status: 'registered',
        userId,
        email,
        roles,
        roleExpiries: {},
        profile: { displayName, avatarUrl: null, bio: null, locale: null, timeZone: null },
        emailVerified: false,
        phone: null,
        mfaEnabled: false,
        suspended: false,
        erased: false,
        externalIdentities: [],
      };
    }
    if (state.status !== 'registered') return state;
    switch (event.type) {
      case 'identity.roles-granted': {
        const roleExpiries = { ...state.roleExpiries };
        for (const role of event.data.roles) {
          if (event.data.expiresAt === undefined) delete roleExpiries[role];
          else roleExpiries[role] = event.data.expiresAt;
        }
        return { ...state, roles: [...new Set([...state.roles, ...event.data.roles])], roleExpiries };
      }
      case 'identity.roles-revoked': {
        const roleExpiries = { ...state.roleExpiries };
        for (const role of event.data.roles) delete roleExpiries[role];
        return { ...state, roles: state.roles.filter((role) => !event.data.roles.includes(role)), roleExpiries };
      }
      case 'identity.profile-updated':
        return { ...state, profile: { ...state.profile, ...event.data.changes } };
      case 'identity.email-changed':
        return { ...state, email: event.data.email, emailVerified: true };
      case 'identity.email-verified':
        return { ...state, emailVerified: true };
      case 'identity.mfa-enabled':
        return { ...state, mfaEnabled: true };
      case 'identity.user-suspended':
        return { ...state, suspended: true };
      case 'identity.user-unsuspended':
        return { ...state, suspended: false };
      case 'identity.mfa-disabled':
        return { ...state, mfaEnabled: false };
      case 'identity.account-erased':
        return { ...state, erased: true, mfaEnabled: false, phone: null, roles: [], roleExpiries: {} };
      case 'identity.phone-verified':
        return { ...state, phone: event.data.phone };
      case 'identity.external-identity-linked': {
        const { provider, issuer, subject } = event.data;
        return { ...state, externalIdentities: [...state.externalIdentities, { provider, issuer, subject }] };
      }
      case 'identity.external-identity-unlinked':
        return {
          ...state,
          externalIdentities: state.externalIdentities.filter(
            (identity) => identity.issuer !== event.data.issuer || identity.subject !== event.data.subject,
          ),
        };
      case 'identity.password-changed':
      case 'identity.password-reset':
      case 'identity.recovery-codes-regenerated':
        return state;
    }
  },

  decide(command, state) {
    if (command.type === 'RegisterUser') {
      if (state.status !== 'unregistered') throw IdentityErrors.userAlreadyRegistered();
      const { userId, email, displayName, roles, externalIdentity } = command;
      const events: UserEvent[] = [{ type: 'identity.user-registered', data: { userId, email, displayName, roles } }];
      if (command.emailVerified) events.push({ type: 'identity.email-verified', data: { userId } });
      if (externalIdentity) events.push({ type: 'identity.external-identity-linked', data: { userId, ...externalIdentity } });
      return events;
    }
    if (state.status !== 'registered') throw IdentityErrors.userNotFound();
    const { userId } = state;
    // An erased account is gone: erasing it again changes nothing, anything else finds no user.
    if (state.erased) {
      if (command.type === 'EraseAccount') return [];
      throw IdentityErrors.userNotFound();
    }
    switch (command.type) {
      case 'EraseAccount':
        return [{ type: 'identity.account-erased', data: { userId } }];
      case 'VerifyPhone':
        // The number held already, proved again, changes nothing.
        return command.phone === state.phone ? [] : [{ type: 'identity.phone-verified', data: { userId, phone: command.phone } }];
      case 'GrantRoles': {
        // Granting what the user already holds, until the same time, changes nothing and records nothing.
        const changed = [...new Set(command.roles)].filter(
          (role) => !state.roles.includes(role) || state.roleExpiries[role] !== command.expiresAt,
        );
        if (changed.length === 0) return [];
        const expiresAt = command.expiresAt === undefined ? {} : { expiresAt: command.expiresAt };
        return [{ type: 'identity.roles-granted', data: { userId, roles: changed, ...expiresAt } }];
      }
      case 'RevokeRoles': {
        const held = [...new Set(command.roles)].filter((role) => state.roles.includes(role));
        return held.length === 0 ? [] : [{ type: 'identity.roles-revoked', data: { userId, roles: held } }];
      }
      case 'UpdateProfile': {
        const changes = Object.fromEntries(
          Object.entries(command.changes).filter(([field, value]) => value !== undefined && state.profile[field as keyof Profile] !== value),
        ) as Partial<Profile>;
        return Object.keys(changes).length === 0 ? [] : [{ type: 'identity.profile-updated', data: { userId, changes } }];
      }
      case 'ChangeEmail':
        return command.email === state.email ? [] : [{ type: 'identity.email-changed', data: { userId, email: command.email } }];
      case 'ChangePassword':
        return [{ type: 'identity.password-changed', data: { userId, reason: 'change' } }];
      case 'VerifyEmail':
        // A second link for an email already proved changes nothing.
        return state.emailVerified ? [] : [{ type: 'identity.email-verified', data: { userId } }];
      case 'ResetPassword':
        return [{ type: 'identity.password-reset', data: { userId } }];
      case 'EnableMfa':
        if (state.mfaEnabled) throw IdentityErrors.mfaAlreadyEnabled();
        return [{ type: 'identity.mfa-enabled', data: { userId, method: 'totp' } }];
      case 'DisableMfa':
        if (!state.mfaEnabled) throw IdentityErrors.mfaNotEnabled();
        return [{ type: 'identity.mfa-disabled', data: { userId } }];
      case 'Suspend':
        if (state.suspended) throw IdentityErrors.alreadySuspended();
        return [{ type: 'identity.user-suspended', data: { userId, reason: command.reason } }];
      case 'Unsuspend':
        if (!state.suspended) throw IdentityErrors.notSuspended();
        return [{ type: 'identity.user-unsuspended', data: { userId } }];
      case 'LinkExternalIdentity': {
        const { identity } = command;
        const atIssuer = state.externalIdentities.find((linked) => linked.issuer === identity.issuer);
        // Signing in again through the identity already linked changes nothing.
        if (atIssuer?.subject === identity.subject) return [];
        if (atIssuer) throw IdentityErrors.providerAlreadyLinked();
        return [{ type: 'identity.external-identity-linked', data: { userId, ...identity } }];
      }
      case 'UnlinkExternalIdentity': {
        const linked = state.externalIdentities.find((identity) => identity.provider === command.provider);
        if (!linked) throw IdentityErrors.externalIdentityNotFound();
        // An account nobody can sign in to any more would be lost to its owner.
        if (!command.hasPassword && state.externalIdentities.length === 1) throw IdentityErrors.lastSignInMethod();
        return [{ type: 'identity.external-identity-unlinked', data: { userId, ...linked } }];
      }
      case 'RegenerateRecoveryCodes':
        if (!state.mfaEnabled) throw IdentityErrors.mfaNotEnabled();
        return [{ type: 'identity.recovery-codes-regenerated', data: { userId } }];
    }
  },
};
