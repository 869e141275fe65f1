import type { Decider, Role } from '#platform/domain';
import { IdentityErrors } from './identity.errors.js';
import type { UserEvent } from './identity-events.js';

export type UserState =
  | { status: 'unregistered' }
  | { status: 'registered'; userId: string; email: string; roles: Role[] };

export type UserCommand =
  | { type: 'RegisterUser'; userId: string; email: string; displayName: string; roles: Role[] }
  | { type: 'GrantRoles'; roles: Role[] }
  | { type: 'ChangePassword' };

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve(state, event) {
    switch (event.type) {
      case 'identity.user-registered':
        return { status: 'registered', userId: event.data.userId, email: event.data.email, roles: event.data.roles };
      case 'identity.roles-granted':
        if (state.status !== 'registered') return state;
        return { ...state, roles: [...new Set([...state.roles, ...event.data.roles])] };
      case 'identity.password-changed':
        return state;
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterUser': {
        if (state.status !== 'unregistered') throw IdentityErrors.userAlreadyRegistered();
        const { userId, email, displayName, roles } = command;
        return [{ type: 'identity.user-registered', data: { userId, email, displayName, roles } }];
      }
      case 'GrantRoles': {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        const added = [...new Set(command.roles)].filter((role) => !state.roles.includes(role));
        // Granting what the user already holds changes nothing and records nothing.
        return added.length === 0 ? [] : [{ type: 'identity.roles-granted', data: { userId: state.userId, roles: added } }];
      }
      case 'ChangePassword': {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        return [{ type: 'identity.password-changed', data: { userId: state.userId, reason: 'change' } }];
      }
    }
  },
};
