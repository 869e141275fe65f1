import type { DomainEvent } from '#platform/domain';

export type PayoutRequested = DomainEvent<
  'commerce.payout-requested',
  { payoutId: string; creatorId: string; amountCents: number; currency: string }
>;
export type PayoutApproved = DomainEvent<'commerce.payout-approved', { payoutId: string; creatorId: string; reviewerId: string }>;
export type PayoutRejected = DomainEvent<'commerce.payout-rejected', { payoutId: string; creatorId: string; reviewerId: string; reason: string }>;
/** The provider paid the creator: the money left our clearing account and what we owe them is less. */
export type PayoutPaid = DomainEvent<
  'commerce.payout-paid',
  { payoutId: string; creatorId: string; amountCents: number; currency: string; providerEventId: string }
>;
/** The provider could not pay: the amount is the creator's available balance again. */
export type PayoutFailed = DomainEvent<'commerce.payout-failed', { payoutId: string; creatorId: string; reason: string; providerEventId: string }>;

export type PayoutEvent = PayoutRequested | PayoutApproved | PayoutRejected | PayoutPaid | PayoutFailed;
