import type { Decider, Role } from '#platform/domain';
import { IdentityErrors } from './identity.errors.js';
import type { UserEvent } from './identity-events.js';

export type UserState =
  | { status: 'unregistered' }
  | { status: 'registered'; userId: string; email: string; roles: Role[]; emailVerified: boolean; mfaEnabled: boolean; suspended: boolean };

export type UserCommand =
  /** `emailVerified`: the operator configured this email (the first admin), so nobody needs to prove it. */
  | { type: 'RegisterUser'; userId: string; email: string; displayName: string; roles: Role[]; emailVerified: boolean }
  | { type: 'GrantRoles'; roles: Role[] }
  | { type: 'ChangePassword' }
  | { type: 'VerifyEmail' }
  | { type: 'ResetPassword' }
  | { type: 'EnableMfa' }
  | { type: 'DisableMfa' }
  | { type: 'RegenerateRecoveryCodes' }
  | { type: 'Suspend'; reason: string }
  | { type: 'Unsuspend' };

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve(state, event) {
    if (event.type === 'identity.user-registered') {
      const { userId, email, roles } = event.data;
      return { status: 'registered', userId, email, roles, emailVerified: false, mfaEnabled: false, suspended: false };
    }
    if (state.status !== 'registered') return state;
    switch (event.type) {
      case 'identity.roles-granted':
        return { ...state, roles: [...new Set([...state.roles, ...event.data.roles])] };
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
      case 'identity.password-changed':
      case 'identity.password-reset':
      case 'identity.recovery-codes-regenerated':
        return state;
    }
  },

  decide(command, state) {
    if (command.type === 'RegisterUser') {
      if (state.status !== 'unregistered') throw IdentityErrors.userAlreadyRegistered();
      const { userId, email, displayName, roles } = command;
      const registered: UserEvent = { type: 'identity.user-registered', data: { userId, email, displayName, roles } };
      return command.emailVerified ? [registered, { type: 'identity.email-verified', data: { userId } }] : [registered];
    }
    if (state.status !== 'registered') throw IdentityErrors.userNotFound();
    const { userId } = state;
    switch (command.type) {
      case 'GrantRoles': {
        const added = [...new Set(command.roles)].filter((role) => !state.roles.includes(role));
        // Granting what the user already holds changes nothing and records nothing.
        return added.length === 0 ? [] : [{ type: 'identity.roles-granted', data: { userId, roles: added } }];
      }
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
      case 'RegenerateRecoveryCodes':
        if (!state.mfaEnabled) throw IdentityErrors.mfaNotEnabled();
        return [{ type: 'identity.recovery-codes-regenerated', data: { userId } }];
    }
  },
};
