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

export type DifferenceKind =
  | 'missing_in_ledger'
  | 'missing_at_provider'
  | 'amount_mismatch'
  | 'refund_missing_in_ledger'
  | 'refund_missing_at_provider'
  | 'refund_amount_mismatch'
  | 'chargeback_missing_in_ledger'
  | 'chargeback_missing_at_provider'
  | 'chargeback_amount_mismatch'
  | 'fee_unrecorded';

export interface SettlementDifference {
  /** '' for a day's fees (they are the day's, not one payment's). */
  paymentId: string;
  /** The refund a difference is about (null: the payment's capture). */
  refundId: string | null;
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
      differences.push({ paymentId: settlement.paymentId, refundId: null, kind: 'missing_in_ledger', providerCents: settlement.amountCents, ledgerCents: null, currency: settlement.currency });
    } else if (capture.amountCents !== settlement.amountCents || capture.currency !== settlement.currency) {
      differences.push({
        paymentId: settlement.paymentId,
        refundId: null,
        kind: 'amount_mismatch',
        providerCents: settlement.amountCents,
        ledgerCents: capture.amountCents,
        currency: settlement.currency,
      });
    }
  }
  for (const capture of captures) {
    if (capture.postedOn === day && !settled.has(capture.paymentId)) {
      differences.push({ paymentId: capture.paymentId, refundId: null, kind: 'missing_at_provider', providerCents: null, ledgerCents: capture.amountCents, currency: capture.currency });
    }
  }
  return differences;
}

/** One refund a provider says it paid back on a day (its bill), or the ledger holds as paid back (from the provider's clearing account). */
export interface RefundRecord {
  paymentId: string;
  refundId: string;
  amountCents: number;
  currency: string;
}
export interface LedgerRefund extends RefundRecord {
  /** YYYY-MM-DD in the provider's calendar. */
  postedOn: string;
}

/**
 * Compares the refunds a provider's bill lists for a day with the ledger's, by refund id: one paid
 * back that the ledger does not hold, one held at another amount or currency, and one the ledger
 * posted that day that the bill does not list. Each refund is named at most once.
 */
export function refundDifferences(day: string, billed: readonly RefundRecord[], ledger: readonly LedgerRefund[]): SettlementDifference[] {
  const inBill = new Map<string, RefundRecord>();
  for (const refund of billed) {
    const seen = inBill.get(refund.refundId);
    inBill.set(refund.refundId, seen ? { ...seen, amountCents: seen.amountCents + refund.amountCents } : refund);
  }
  const inLedger = new Map(ledger.map((refund) => [refund.refundId, refund]));
  const differences: SettlementDifference[] = [];
  for (const refund of inBill.values()) {
    const held = inLedger.get(refund.refundId);
    const base = { paymentId: refund.paymentId, refundId: refund.refundId, providerCents: refund.amountCents, currency: refund.currency };
    if (!held) differences.push({ ...base, kind: 'refund_missing_in_ledger', ledgerCents: null });
    else if (held.amountCents !== refund.amountCents || held.currency !== refund.currency) differences.push({ ...base, kind: 'refund_amount_mismatch', ledgerCents: held.amountCents });
  }
  for (const refund of ledger) {
    if (refund.postedOn === day && !inBill.has(refund.refundId)) {
      differences.push({ paymentId: refund.paymentId, refundId: refund.refundId, kind: 'refund_missing_at_provider', providerCents: null, ledgerCents: refund.amountCents, currency: refund.currency });
    }
  }
  return differences;
}

/** What a provider says its payer's bank took back from one payment on a day (net: a dispute won gives some back), or what the ledger holds as charged back. */
export interface ChargebackRecord {
  paymentId: string;
  amountCents: number;
  currency: string;
}
export interface LedgerChargeback extends ChargebackRecord {
  /** YYYY-MM-DD in the provider's calendar. */
  postedOn: string;
}

/**
 * Compares the chargebacks a provider reports for a day with the ledger's, by payment: one taken
 * back that the ledger does not hold, one held at another amount or currency (a dispute won, whose
 * money came back, shows here), and one the ledger posted that day that the provider does not list.
 * A payment whose reported movements net to nothing on a day it did not post is not named.
 */
export function chargebackDifferences(day: string, reported: readonly ChargebackRecord[], ledger: readonly LedgerChargeback[]): SettlementDifference[] {
  const taken = new Map<string, ChargebackRecord>();
  for (const chargeback of reported) {
    const seen = taken.get(chargeback.paymentId);
    taken.set(chargeback.paymentId, seen ? { ...seen, amountCents: seen.amountCents + chargeback.amountCents } : chargeback);
  }
  const held = new Map(ledger.map((chargeback) => [chargeback.paymentId, chargeback]));
  const differences: SettlementDifference[] = [];
  for (const chargeback of taken.values()) {
    const posted = held.get(chargeback.paymentId);
    const base = { paymentId: chargeback.paymentId, refundId: null, providerCents: chargeback.amountCents, currency: chargeback.currency };
    if (!posted) {
      if (chargeback.amountCents !== 0) differences.push({ ...base, kind: 'chargeback_missing_in_ledger', ledgerCents: null });
    } else if (posted.amountCents !== chargeback.amountCents || posted.currency !== chargeback.currency) {
      differences.push({ ...base, kind: 'chargeback_amount_mismatch', ledgerCents: posted.amountCents });
    }
  }
  for (const chargeback of ledger) {
    if (chargeback.postedOn === day && !taken.has(chargeback.paymentId)) {
      differences.push({ paymentId: chargeback.paymentId, refundId: null, kind: 'chargeback_missing_at_provider', providerCents: null, ledgerCents: chargeback.amountCents, currency: chargeback.currency });
    }
  }
  return differences;
}

/** What a provider charged as its fees on a day (each movement's fee, and fees charged on their own), in one currency. */
export interface ProviderFee {
  amountCents: number;
  currency: string;
}

/**
 * The ledger does not record a provider's fees (a payment is posted at what the buyer paid; the fee
 * is the platform's cost, settled outside the ledger): each day's fees are reported, one line per
 * currency, so that what the provider kept is accounted for beside the ledger. A day without fees
 * (or whose fees net to nothing) reports none.
 */
export function feeDifferences(fees: readonly ProviderFee[]): SettlementDifference[] {
  const totals = new Map<string, number>();
  for (const fee of fees) totals.set(fee.currency, (totals.get(fee.currency) ?? 0) + fee.amountCents);
  return [...totals].flatMap(([currency, cents]) =>
    cents === 0 ? [] : [{ paymentId: '', refundId: null, kind: 'fee_unrecorded' as const, providerCents: cents, ledgerCents: null, currency }],
  );
}
