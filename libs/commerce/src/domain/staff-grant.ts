import type { Decider, DomainEvent } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';

/**
 * Access staff give by hand (a comp for a complaint, a review copy, a prize): to one learner, for one
 * item, until a date or for good, with a reason; taken back with a reason. It moves no money.
 */
export type AccessGrantedByStaff = DomainEvent<
  'commerce.access-granted-by-staff',
  { grantId: string; userId: string; contentId: string; validFrom: string; validTo: string | null; reason: string; grantedBy: string }
>;
export type StaffGrantRevoked = DomainEvent<'commerce.staff-grant-revoked', { grantId: string; userId: string; contentId: string; reason: string; revokedBy: string; revokedAt: string }>;
export type StaffGrantEvent = AccessGrantedByStaff | StaffGrantRevoked;

export type StaffGrantState =
  | { status: 'none' }
  | { status: 'active' | 'revoked'; grantId: string; userId: string; contentId: string; validTo: string | null; reason: string };

export type StaffGrantCommand =
  | {
      type: 'GrantAccess';
      grantId: string;
      userId: string;
      contentId: string;
      validTo: string | null;
      reason: string;
      grantedBy: string;
      now: string;
      /** Facts the handler looked up: the item is for sale, and the user exists. */
      contentExists: boolean;
      userExists: boolean;
    }
  | { type: 'RevokeStaffGrant'; reason: string; revokedBy: string; now: string };

export const staffGrantDecider: Decider<StaffGrantState, StaffGrantCommand, StaffGrantEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'commerce.access-granted-by-staff') {
      const { grantId, userId, contentId, validTo, reason } = event.data;
      return { status: 'active', grantId, userId, contentId, validTo, reason };
    }
    return state.status === 'none' ? state : { ...state, status: 'revoked' };
  },
  decide(command, state) {
    if (command.type === 'GrantAccess') {
      if (state.status !== 'none') {
        // The same request again (a retry under the same key) changes nothing; anything else under its id is a clash.
        if (state.userId === command.userId && state.contentId === command.contentId && state.validTo === command.validTo) return [];
        throw CommerceErrors.staffGrantExists();
      }
      if (!command.contentExists) throw CommerceErrors.notForSale([command.contentId]);
      if (!command.userExists) throw CommerceErrors.userNotFound();
      if (command.validTo !== null && Date.parse(command.validTo) <= Date.parse(command.now)) throw CommerceErrors.staffGrantEndsInPast();
      const { grantId, userId, contentId, validTo, reason, grantedBy, now } = command;
      return [{ type: 'commerce.access-granted-by-staff', data: { grantId, userId, contentId, validFrom: now, validTo, reason, grantedBy } }];
    }
    if (state.status === 'none') throw CommerceErrors.staffGrantNotFound();
    if (state.status === 'revoked') return [];
    const { grantId, userId, contentId } = state;
    return [{ type: 'commerce.staff-grant-revoked', data: { grantId, userId, contentId, reason: command.reason, revokedBy: command.revokedBy, revokedAt: command.now } }];
  },
};
