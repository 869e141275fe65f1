import type { DomainEvent } from '#platform/domain';

export type PayoutRequested = DomainEvent<
  'commerce.payout-requested',
  { payoutId: string; creatorId: string; amountCents: number; currency: string }
>;
/** Where a provider pays a creator: their account there (Stripe's connected account, an Alipay login, a WeChat openid) and the holder's name. */
export interface PayoutPayee {
  account: string;
  name: string | null;
}
/** A creator said where a provider is to pay them; the latest one per provider counts. */
export type PayoutAccountSet = DomainEvent<'commerce.payout-account-set', { creatorId: string; provider: string; payee: PayoutPayee }>;
/**
 * Finance approved: the payout goes through this provider (the one configured then), to this payee
 * (the sandbox needs none). Approvals recorded before payouts named a provider have neither.
 */
export type PayoutApproved = DomainEvent<
  'commerce.payout-approved',
  { payoutId: string; creatorId: string; reviewerId: string; provider?: string; payee?: PayoutPayee | null }
>;
export type PayoutRejected = DomainEvent<'commerce.payout-rejected', { payoutId: string; creatorId: string; reviewerId: string; reason: string }>;
/** The provider paid the creator: the money left our clearing account and what we owe them is less. */
export type PayoutPaid = DomainEvent<
  'commerce.payout-paid',
  { payoutId: string; creatorId: string; amountCents: number; currency: string; providerEventId: string }
>;
/** The provider could not pay: the amount is the creator's available balance again. */
export type PayoutFailed = DomainEvent<'commerce.payout-failed', { payoutId: string; creatorId: string; reason: string; providerEventId: string }>;

/**
 * The provider's transfer waits for its payee to confirm receipt (a WeChat Pay transfer bill in
 * WAIT_USER_CONFIRM): the creator is told, once per payout, and may cancel it while it waits.
 */
export type PayoutAwaitingConfirmation = DomainEvent<
  'commerce.payout-awaiting-confirmation',
  { payoutId: string; creatorId: string; amountCents: number; currency: string; provider: string }
>;
/** The creator or finance asked the provider to cancel a transfer waiting for its payee; the provider's answer fails the payout (or it was paid meanwhile). */
export type PayoutCancelRequested = DomainEvent<'commerce.payout-cancel-requested', { payoutId: string; creatorId: string; requestedBy: string }>;

/**
 * The provider took back (part of) a payout it had paid (a Stripe transfer reversed): `amountCents`
 * returns to the creator's available balance now; `reversedCents` is all it took back of this payout so far.
 */
export type PayoutReversed = DomainEvent<
  'commerce.payout-reversed',
  { payoutId: string; creatorId: string; amountCents: number; reversedCents: number; currency: string; reason: string; providerEventId: string }
>;
/**
 * The provider said whether it can pay out to the creator's account there (Stripe's `payouts_enabled`
 * on a connected account). Until it has said, an account given by hand is trusted to be payable.
 */
export type PayoutAccountStatusChanged = DomainEvent<
  'commerce.payout-account-status-changed',
  { creatorId: string; provider: string; account: string; payoutsEnabled: boolean }
>;

export type PayoutEvent =
  | PayoutAccountSet
  | PayoutRequested
  | PayoutApproved
  | PayoutRejected
  | PayoutPaid
  | PayoutFailed
  | PayoutReversed
  | PayoutAwaitingConfirmation
  | PayoutCancelRequested
  | PayoutAccountStatusChanged;
