import { describe, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { type StaffGrantCommand, type StaffGrantEvent, staffGrantDecider } from './staff-grant.js';

const { given } = deciderSpec(staffGrantDecider);
const NOW = '2026-11-28T10:00:00.000Z';
const grant = (overrides: Partial<Extract<StaffGrantCommand, { type: 'GrantAccess' }>> = {}): StaffGrantCommand => ({
  type: 'GrantAccess',
  grantId: 'g1',
  userId: 'u1',
  contentId: 'c1',
  validTo: '2026-12-28T10:00:00.000Z',
  reason: 'a comp for the broken video',
  grantedBy: 'admin-1',
  now: NOW,
  contentExists: true,
  userExists: true,
  ...overrides,
});
const granted: StaffGrantEvent = {
  type: 'commerce.access-granted-by-staff',
  data: { grantId: 'g1', userId: 'u1', contentId: 'c1', validFrom: NOW, validTo: '2026-12-28T10:00:00.000Z', reason: 'a comp for the broken video', grantedBy: 'admin-1' },
};
const revoke: StaffGrantCommand = { type: 'RevokeStaffGrant', reason: 'given by mistake', revokedBy: 'admin-2', now: NOW };
const revoked: StaffGrantEvent = {
  type: 'commerce.staff-grant-revoked',
  data: { grantId: 'g1', userId: 'u1', contentId: 'c1', reason: 'given by mistake', revokedBy: 'admin-2', revokedAt: NOW },
};

describe('staff grant decider', () => {
  it('grants one item to one user, until a date or for good', () => {
    given([]).when(grant()).then([granted]);
    given([]).when(grant({ validTo: null })).then([{ ...granted, data: { ...granted.data, validTo: null } }]);
  });
  it('is a no-op when the same grant is asked again (a retry under the same key)', () => given([granted]).when(grant()).then([]));
  it('refuses something else under the id of an existing grant', () => {
    given([granted]).when(grant({ contentId: 'c2' })).thenRefuses('COMMERCE.STAFF_GRANT_EXISTS', 'conflict');
    given([granted]).when(grant({ userId: 'u2' })).thenRefuses('COMMERCE.STAFF_GRANT_EXISTS');
    given([granted]).when(grant({ validTo: null })).thenRefuses('COMMERCE.STAFF_GRANT_EXISTS');
  });
  it('refuses an item not on sale', () => given([]).when(grant({ contentExists: false })).thenRefuses('COMMERCE.CONTENT_NOT_FOR_SALE', 'invalid'));
  it('refuses a user that does not exist', () => given([]).when(grant({ userExists: false })).thenRefuses('COMMERCE.USER_NOT_FOUND', 'not_found'));
  it('refuses an end that is not in the future', () => {
    given([]).when(grant({ validTo: NOW })).thenRefuses('COMMERCE.STAFF_GRANT_ENDS_IN_PAST', 'invalid');
    given([]).when(grant({ validTo: '2026-11-28T09:59:59.999Z' })).thenRefuses('COMMERCE.STAFF_GRANT_ENDS_IN_PAST');
  });
  it('takes a grant back once', () => {
    given([granted]).when(revoke).then([revoked]);
    given([granted, revoked]).when(revoke).then([]);
  });
  it('refuses to take back a grant that does not exist', () => given([]).when(revoke).thenRefuses('COMMERCE.STAFF_GRANT_NOT_FOUND', 'not_found'));
});
