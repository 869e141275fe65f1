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

export type PayoutEvent = PayoutAccountSet | PayoutRequested | PayoutApproved | PayoutRejected | PayoutPaid | PayoutFailed;
