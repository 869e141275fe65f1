import type { OrderPaid } from './commerce-events.js';

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
  /** What we owe a creator for their sales. */
  creatorPayable: (creatorId: string) => `liabilities:creator-payable:${creatorId}`,
};

/** The learner's payment split into the platform's fee and each creator's payable share. */
export function postingForPaidOrder(data: OrderPaid['data'], provider: string): LedgerLine[] {
  const fee = data.items.reduce((sum, item) => sum + item.platformFeeCents, 0);
  const payable = new Map<string, number>();
  for (const item of data.items) {
    payable.set(item.creatorId, (payable.get(item.creatorId) ?? 0) + item.priceCents - item.platformFeeCents);
  }
  const lines: LedgerLine[] = [
    { account: ACCOUNTS.providerClearing(provider), amountCents: data.amountCents, currency: data.currency },
    { account: ACCOUNTS.platformFees, amountCents: -fee, currency: data.currency },
    ...[...payable].map(([creatorId, amount]) => ({
      account: ACCOUNTS.creatorPayable(creatorId),
      amountCents: -amount,
      currency: data.currency,
    })),
  ];
  // Zero-amount lines (a free item, a 0% commission) carry no information.
  return lines.filter((line) => line.amountCents !== 0);
}
