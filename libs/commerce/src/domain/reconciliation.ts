/** One payment a provider says it settled on a day. */
export interface ProviderSettlement {
  paymentId: string;
  amountCents: number;
  currency: string;
}

/** What the ledger holds as captured for one payment (in the provider's clearing account), and the day it was posted. */
export interface LedgerCapture {
  paymentId: string;
  amountCents: number;
  currency: string;
  /** YYYY-MM-DD (UTC). */
  postedOn: string;
}

export type DifferenceKind = 'missing_in_ledger' | 'missing_at_provider' | 'amount_mismatch';

export interface SettlementDifference {
  paymentId: string;
  kind: DifferenceKind;
  providerCents: number | null;
  ledgerCents: number | null;
  currency: string;
}

/**
 * Compares a provider's settlements of a day with the ledger: a settled payment the ledger does not
 * hold (money arrived that we never recorded), one it holds at another amount or currency, and a
 * capture the ledger posted that day that the provider does not list (recorded money that never
 * arrived). Each payment is named at most once.
 */
export function settlementDifferences(day: string, settlements: readonly ProviderSettlement[], captures: readonly LedgerCapture[]): SettlementDifference[] {
  const settled = new Map<string, ProviderSettlement>();
  for (const settlement of settlements) {
    const seen = settled.get(settlement.paymentId);
    settled.set(settlement.paymentId, seen ? { ...seen, amountCents: seen.amountCents + settlement.amountCents } : settlement);
  }
  const captured = new Map(captures.map((capture) => [capture.paymentId, capture]));
  const differences: SettlementDifference[] = [];
  for (const settlement of settled.values()) {
    const capture = captured.get(settlement.paymentId);
    if (!capture) {
      differences.push({ paymentId: settlement.paymentId, kind: 'missing_in_ledger', providerCents: settlement.amountCents, ledgerCents: null, currency: settlement.currency });
    } else if (capture.amountCents !== settlement.amountCents || capture.currency !== settlement.currency) {
      differences.push({
        paymentId: settlement.paymentId,
        kind: 'amount_mismatch',
        providerCents: settlement.amountCents,
        ledgerCents: capture.amountCents,
        currency: settlement.currency,
      });
    }
  }
  for (const capture of captures) {
    if (capture.postedOn === day && !settled.has(capture.paymentId)) {
      differences.push({ paymentId: capture.paymentId, kind: 'missing_at_provider', providerCents: null, ledgerCents: capture.amountCents, currency: capture.currency });
    }
  }
  return differences;
}
