import type { LatePaymentReceived, OrderChargedBack, OrderPaid, OrderRefunded, PaidItem, RefundDue } from './commerce-events.js';
import type { PayoutPaid } from './payout-events.js';
import type { SubscriptionPeriodPaid } from './subscription-events.js';

/** One line of a double-entry posting: debits positive, credits negative; a posting sums to zero. */
export interface LedgerLine {
  account: string;
  amountCents: number;
  currency: string;
}

export const ACCOUNTS = {
  /** Money the payment provider holds for us. */
  providerClearing: (provider: string) => `assets:psp-clearing:${provider}`,
  platformFees: 'revenue:platform-fees',
  /** Money the bank took back that we had refunded already: lost twice over. */
  chargebackLosses: 'expenses:chargeback-losses',
  /** What VIP memberships bring in: the platform's own sales. */
  memberships: 'revenue:memberships',
  /** What we owe a creator for their sales. */
  creatorPayable: (creatorId: string) => `liabilities:creator-payable:${creatorId}`,
  /** Money a buyer paid that bought nothing (a late payment, an item already held): owed back. */
  refundsPayable: (buyerId: string) => `liabilities:refunds-payable:${buyerId}`,
};

/** Each item's price split into the platform's fee and its creator's payable share (credits). */
function revenueOf(items: readonly PaidItem[], currency: string): LedgerLine[] {
  const fee = items.reduce((sum, item) => sum + item.platformFeeCents, 0);
  const payable = new Map<string, number>();
  for (const item of items) {
    payable.set(item.creatorId, (payable.get(item.creatorId) ?? 0) + item.priceCents - item.platformFeeCents);
  }
  return [
    { account: ACCOUNTS.platformFees, amountCents: -fee, currency },
    ...[...payable].map(([creatorId, amount]) => ({ account: ACCOUNTS.creatorPayable(creatorId), amountCents: -amount, currency })),
  ];
}

// Zero-amount lines (a free item, a 0% commission) carry no information.
const nonZero = (lines: LedgerLine[]) => lines.filter((line) => line.amountCents !== 0);

/** The learner's payment split into the platform's fee and each creator's payable share. */
export function postingForPaidOrder(data: OrderPaid['data'], provider: string): LedgerLine[] {
  return nonZero([
    { account: ACCOUNTS.providerClearing(provider), amountCents: data.amountCents, currency: data.currency },
    ...revenueOf(data.items, data.currency),
  ]);
}

/** Reverses the revenue the payment posted for items it could not grant, and owes it to the buyer. */
export function postingForRefundDue(data: RefundDue['data']): LedgerLine[] {
  return nonZero([
    ...revenueOf(data.items, data.currency).map((line) => ({ ...line, amountCents: -line.amountCents })),
    { account: ACCOUNTS.refundsPayable(data.buyerId), amountCents: -data.amountCents, currency: data.currency },
  ]);
}

/** Money received for an order that had already failed (or a membership charge nobody wanted any more): held by the provider, owed to the payer. */
export function postingForLatePayment(data: Pick<LatePaymentReceived['data'], 'amountCents' | 'currency'>, payerId: string, provider: string): LedgerLine[] {
  return nonZero([
    { account: ACCOUNTS.providerClearing(provider), amountCents: data.amountCents, currency: data.currency },
    { account: ACCOUNTS.refundsPayable(payerId), amountCents: -data.amountCents, currency: data.currency },
  ]);
}

/** Money paid back through the provider: each item's share comes out of the fee and its creator's payable. */
export function postingForRefund(data: OrderRefunded['data'], provider: string): LedgerLine[] {
  const reversed = data.items.map((item) => ({
    contentId: item.contentId,
    creatorId: item.creatorId,
    priceCents: item.refundedCents,
    platformFeeCents: item.feeRefundedCents,
  }));
  return nonZero([
    ...revenueOf(reversed, data.currency).map((line) => ({ ...line, amountCents: -line.amountCents })),
    { account: ACCOUNTS.providerClearing(provider), amountCents: -data.amountCents, currency: data.currency },
  ]);
}

/** A chargeback: reverses the items as a refund of what was left would, and books anything beyond as a loss. */
export function postingForChargeback(data: OrderChargedBack['data'], provider: string): LedgerLine[] {
  const reversedCents = data.amountCents - data.lossCents;
  return nonZero([
    ...postingForRefund({ ...data, refundId: '', amountCents: reversedCents, fullyRefunded: false }, provider),
    { account: ACCOUNTS.chargebackLosses, amountCents: data.lossCents, currency: data.currency },
    { account: ACCOUNTS.providerClearing(provider), amountCents: -data.lossCents, currency: data.currency },
  ]);
}

/** A creator was paid: we owe them that much less, and it left the provider's clearing account. */
export function postingForPayout(data: PayoutPaid['data'], provider: string): LedgerLine[] {
  return nonZero([
    { account: ACCOUNTS.creatorPayable(data.creatorId), amountCents: data.amountCents, currency: data.currency },
    { account: ACCOUNTS.providerClearing(provider), amountCents: -data.amountCents, currency: data.currency },
  ]);
}

/**
 * A period of a membership paid (or a change of plan's charge): a creator's plan is split like a
 * sale; a VIP plan's money is the platform's.
 */
export function postingForSubscriptionPeriod(
  data: Pick<SubscriptionPeriodPaid['data'], 'amountCents' | 'currency' | 'creatorId' | 'platformFeeCents'>,
  provider: string,
): LedgerLine[] {
  const clearing = { account: ACCOUNTS.providerClearing(provider), amountCents: data.amountCents, currency: data.currency };
  if (data.creatorId === null) return nonZero([clearing, { account: ACCOUNTS.memberships, amountCents: -data.amountCents, currency: data.currency }]);
  return nonZero([
    clearing,
    { account: ACCOUNTS.platformFees, amountCents: -data.platformFeeCents, currency: data.currency },
    { account: ACCOUNTS.creatorPayable(data.creatorId), amountCents: -(data.amountCents - data.platformFeeCents), currency: data.currency },
  ]);
}
