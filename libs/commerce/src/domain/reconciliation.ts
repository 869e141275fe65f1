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
  | 'dispute_won_missing_in_ledger'
  | 'dispute_won_missing_at_provider'
  | 'dispute_won_amount_mismatch'
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

/**
 * A provider's movement of a disputed payment on a day: money its payer's bank took back (positive),
 * or money a dispute won gave back (negative). The ledger's side names the same two postings.
 */
export interface ChargebackRecord {
  paymentId: string;
  amountCents: number;
  currency: string;
}
export interface LedgerChargeback {
  paymentId: string;
  /** What the posting moved, positive: taken back by the chargeback (`chargeback:<x>`), or given back by its win (`chargeback:<x>:won`). */
  amountCents: number;
  currency: string;
  /** The win's posting rather than the chargeback's. */
  won: boolean;
  /** YYYY-MM-DD in the provider's calendar. */
  postedOn: string;
}

const CHARGEBACK_KINDS = { missingInLedger: 'chargeback_missing_in_ledger', mismatch: 'chargeback_amount_mismatch', missingAtProvider: 'chargeback_missing_at_provider' } as const;
const DISPUTE_WON_KINDS = { missingInLedger: 'dispute_won_missing_in_ledger', mismatch: 'dispute_won_amount_mismatch', missingAtProvider: 'dispute_won_missing_at_provider' } as const;

/**
 * Compares the chargebacks a provider reports for a day with the ledger's, by payment, and the
 * disputes won apart from them: a chargeback and its win are two movements, often on two days, so
 * each is matched with its own posting whatever the day (netting them would report every dispute
 * won on a later day twice). For each: one the provider lists that the ledger does not hold, one held
 * at another amount or currency, and one the ledger posted that day that the provider does not list.
 */
export function chargebackDifferences(day: string, reported: readonly ChargebackRecord[], ledger: readonly LedgerChargeback[]): SettlementDifference[] {
  const taken = reported.filter((movement) => movement.amountCents >= 0);
  const givenBack = reported.filter((movement) => movement.amountCents < 0).map((movement) => ({ ...movement, amountCents: -movement.amountCents }));
  return [
    ...movementDifferences(day, taken, ledger.filter((posting) => !posting.won), CHARGEBACK_KINDS),
    ...movementDifferences(day, givenBack, ledger.filter((posting) => posting.won), DISPUTE_WON_KINDS),
  ];
}

function movementDifferences(
  day: string,
  reported: readonly ChargebackRecord[],
  ledger: readonly LedgerChargeback[],
  kinds: typeof CHARGEBACK_KINDS | typeof DISPUTE_WON_KINDS,
): SettlementDifference[] {
  const byPayment = new Map<string, ChargebackRecord>();
  for (const movement of reported) {
    const seen = byPayment.get(movement.paymentId);
    byPayment.set(movement.paymentId, seen ? { ...seen, amountCents: seen.amountCents + movement.amountCents } : movement);
  }
  const held = new Map(ledger.map((posting) => [posting.paymentId, posting]));
  const differences: SettlementDifference[] = [];
  for (const movement of byPayment.values()) {
    const posted = held.get(movement.paymentId);
    const base = { paymentId: movement.paymentId, refundId: null, providerCents: movement.amountCents, currency: movement.currency };
    if (!posted) {
      if (movement.amountCents !== 0) differences.push({ ...base, kind: kinds.missingInLedger, ledgerCents: null });
    } else if (posted.amountCents !== movement.amountCents || posted.currency !== movement.currency) {
      differences.push({ ...base, kind: kinds.mismatch, ledgerCents: posted.amountCents });
    }
  }
  for (const posting of ledger) {
    if (posting.postedOn === day && !byPayment.has(posting.paymentId)) {
      differences.push({ paymentId: posting.paymentId, refundId: null, kind: kinds.missingAtProvider, providerCents: null, ledgerCents: posting.amountCents, currency: posting.currency });
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
