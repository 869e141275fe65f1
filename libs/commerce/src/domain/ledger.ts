import type { LatePaymentReceived, OrderChargedBack, OrderDisputeWon, OrderPaid, OrderRefunded, PaidItem, RefundDue } from './commerce-events.js';
import type { PayoutPaid, PayoutReversed } from './payout-events.js';
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
  /** What we owe a creator for their sales. Never below zero: see `settleCreatorDebts`. */
  creatorPayable: (creatorId: string) => `liabilities:creator-payable:${creatorId}`,
  /** What a creator owes us: refunds and chargebacks of sales whose money they had been paid already. */
  creatorReceivable: (creatorId: string) => `assets:creator-receivable:${creatorId}`,
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

/** The posting undone, by a posting of its own: every line the other way (a ledger is never updated). */
const reversed = (lines: readonly LedgerLine[]): LedgerLine[] => lines.map((line) => ({ ...line, amountCents: -line.amountCents }));

/** A dispute won: the bank gave back what the chargeback took, so the chargeback's posting is reversed line by line. */
export function postingForDisputeWon(data: OrderDisputeWon['data'], provider: string): LedgerLine[] {
  return reversed(postingForChargeback(data, provider));
}

/** A creator was paid: we owe them that much less, and it left the provider's clearing account. */
export function postingForPayout(data: PayoutPaid['data'], provider: string): LedgerLine[] {
  return nonZero([
    { account: ACCOUNTS.creatorPayable(data.creatorId), amountCents: data.amountCents, currency: data.currency },
    { account: ACCOUNTS.providerClearing(provider), amountCents: -data.amountCents, currency: data.currency },
  ]);
}

/** The provider took back (part of) a payout: the money is in its clearing account again, and owed to the creator again. */
export function postingForPayoutReversal(data: PayoutReversed['data'], provider: string): LedgerLine[] {
  return nonZero([
    { account: ACCOUNTS.creatorPayable(data.creatorId), amountCents: -data.amountCents, currency: data.currency },
    { account: ACCOUNTS.providerClearing(provider), amountCents: data.amountCents, currency: data.currency },
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

/**
 * A membership's payment charged back: its posting reversed for the amount taken (the event's fee
 * is the fee's share of it). What a creator was paid out already becomes their debt (settleCreatorDebts).
 */
export function postingForSubscriptionChargeback(
  data: Pick<SubscriptionPeriodPaid['data'], 'amountCents' | 'currency' | 'creatorId' | 'platformFeeCents'>,
  provider: string,
): LedgerLine[] {
  return reversed(postingForSubscriptionPeriod(data, provider));
}

/** The bank took back a membership payment owed back to the member: the provider no longer holds it, and we no longer owe it. */
export function postingForLatePaymentChargeback(data: Pick<LatePaymentReceived['data'], 'amountCents' | 'currency'>, payerId: string, provider: string): LedgerLine[] {
  return reversed(postingForLatePayment(data, payerId, provider));
}

/**
 * A membership payment's dispute won: the chargeback's reversal is reversed, which posts the payment
 * again for the amount the bank gave back (a payment owed back: owed to the member again).
 */
export function postingForSubscriptionDisputeWon(
  data: Pick<SubscriptionPeriodPaid['data'], 'amountCents' | 'currency' | 'creatorId' | 'platformFeeCents'> & { latePayment: boolean; userId: string },
  provider: string,
): LedgerLine[] {
  return reversed(data.latePayment ? postingForLatePaymentChargeback(data, data.userId, provider) : postingForSubscriptionChargeback(data, provider));
}

/** Where a creator stands in one currency before a posting: what we owe them, and what they owe us. */
export interface CreatorPosition {
  owedCents: number;
  receivableCents: number;
}

const PAYABLE_PREFIX = 'liabilities:creator-payable:';

/** The creators whose payable a posting moves, by account and currency (`account|currency`). */
export const creatorPositionKeys = (lines: readonly LedgerLine[]): string[] =>
  [...new Set(lines.filter((line) => line.account.startsWith(PAYABLE_PREFIX)).map((line) => `${line.account}|${line.currency}`))].sort();

/**
 * Keeps every creator's payable at zero or above. Taking back more than we owe a creator (a refund or
 * chargeback of money paid out already, a payout overtaken by a refund) books the excess as their debt
 * to us; what they earn next settles that debt before we owe them anything. The posting still sums to
 * zero, line by line of what it moves. `positions` is keyed as `creatorPositionKeys` gives; it must hold
 * the balances before this posting.
 */
export function settleCreatorDebts(lines: readonly LedgerLine[], positions: ReadonlyMap<string, CreatorPosition>): LedgerLine[] {
  const standing = new Map([...positions].map(([key, position]) => [key, { ...position }]));
  const settled: LedgerLine[] = [];
  for (const line of lines) {
    if (!line.account.startsWith(PAYABLE_PREFIX)) {
      settled.push(line);
      continue;
    }
    const key = `${line.account}|${line.currency}`;
    const position = standing.get(key) ?? { owedCents: 0, receivableCents: 0 };
    standing.set(key, position);
    const receivable = ACCOUNTS.creatorReceivable(line.account.slice(PAYABLE_PREFIX.length));
    if (line.amountCents > 0) {
      // A debit: out of what we owe first, the rest becomes their debt.
      const fromPayable = Math.min(line.amountCents, Math.max(position.owedCents, 0));
      const debt = line.amountCents - fromPayable;
      position.owedCents -= fromPayable;
      position.receivableCents += debt;
      settled.push({ ...line, amountCents: fromPayable }, { account: receivable, amountCents: debt, currency: line.currency });
    } else {
      // A credit: settles their debt first, the rest we owe.
      const recovered = Math.min(-line.amountCents, Math.max(position.receivableCents, 0));
      position.receivableCents -= recovered;
      position.owedCents += -line.amountCents - recovered;
      settled.push({ account: receivable, amountCents: -recovered, currency: line.currency }, { ...line, amountCents: line.amountCents + recovered });
    }
  }
  return nonZero(settled);
}
