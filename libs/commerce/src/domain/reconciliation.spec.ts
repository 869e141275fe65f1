import { describe, expect, it } from 'vitest';
import { chargebackDifferences, feeDifferences, refundDifferences, settlementDifferences } from './reconciliation.js';

const DAY = '2026-11-27';
const settled = (paymentId: string, amountCents: number, currency = 'CNY') => ({ paymentId, amountCents, currency });
const captured = (paymentId: string, amountCents: number, postedOn = DAY, currency = 'CNY') => ({ paymentId, amountCents, currency, postedOn });

describe('settlement reconciliation', () => {
  it('finds nothing when the provider and the ledger agree', () => {
    expect(settlementDifferences(DAY, [settled('a', 100), settled('b', 200)], [captured('b', 200), captured('a', 100)])).toEqual([]);
  });

  it('reports money the provider settled that the ledger never recorded', () => {
    expect(settlementDifferences(DAY, [settled('a', 100)], [])).toEqual([
      { paymentId: 'a', refundId: null, kind: 'missing_in_ledger', providerCents: 100, ledgerCents: null, currency: 'CNY' },
    ]);
  });

  it('reports a capture at another amount or in another currency', () => {
    expect(settlementDifferences(DAY, [settled('a', 100), settled('b', 200, 'USD')], [captured('a', 90), captured('b', 200)])).toEqual([
      { paymentId: 'a', refundId: null, kind: 'amount_mismatch', providerCents: 100, ledgerCents: 90, currency: 'CNY' },
      { paymentId: 'b', refundId: null, kind: 'amount_mismatch', providerCents: 200, ledgerCents: 200, currency: 'USD' },
    ]);
  });

  it('adds up a payment the provider lists in parts', () => {
    expect(settlementDifferences(DAY, [settled('a', 60), settled('a', 40)], [captured('a', 100)])).toEqual([]);
  });

  it("reports a capture posted that day that the provider does not list, but not one of another day's", () => {
    expect(settlementDifferences(DAY, [], [captured('a', 100), captured('b', 50, '2026-11-26')])).toEqual([
      { paymentId: 'a', refundId: null, kind: 'missing_at_provider', providerCents: null, ledgerCents: 100, currency: 'CNY' },
    ]);
    // A payment settled today but posted yesterday (paid just before midnight) is no difference.
    expect(settlementDifferences(DAY, [settled('b', 50)], [captured('b', 50, '2026-11-26')])).toEqual([]);
  });
});

describe('refund reconciliation', () => {
  const billed = (refundId: string, amountCents: number, paymentId = 'a', currency = 'CNY') => ({ paymentId, refundId, amountCents, currency });
  const held = (refundId: string, amountCents: number, postedOn = DAY, paymentId = 'a', currency = 'CNY') => ({ paymentId, refundId, amountCents, currency, postedOn });

  it('finds nothing when the bill and the ledger agree, refund by refund', () => {
    expect(refundDifferences(DAY, [billed('r1', 100), billed('r2', 50)], [held('r2', 50), held('r1', 100)])).toEqual([]);
  });
  it('adds up the movements of one refund: a refund that failed later gives its amount back', () => {
    expect(refundDifferences(DAY, [billed('r1', 60), billed('r1', 40), billed('r2', 50), billed('r2', -50)], [held('r1', 100), held('r2', 50)])).toEqual([
      { paymentId: 'a', refundId: 'r2', kind: 'refund_amount_mismatch', providerCents: 0, ledgerCents: 50, currency: 'CNY' },
    ]);
  });
  it('reports a refund paid back that the ledger does not hold', () => {
    expect(refundDifferences(DAY, [billed('r1', 100)], [])).toEqual([
      { paymentId: 'a', refundId: 'r1', kind: 'refund_missing_in_ledger', providerCents: 100, ledgerCents: null, currency: 'CNY' },
    ]);
  });
  it('reports a refund held at another amount or currency', () => {
    expect(refundDifferences(DAY, [billed('r1', 100), billed('r2', 50, 'b', 'USD')], [held('r1', 90), held('r2', 50, DAY, 'b')])).toEqual([
      { paymentId: 'a', refundId: 'r1', kind: 'refund_amount_mismatch', providerCents: 100, ledgerCents: 90, currency: 'CNY' },
      { paymentId: 'b', refundId: 'r2', kind: 'refund_amount_mismatch', providerCents: 50, ledgerCents: 50, currency: 'USD' },
    ]);
  });
  it("reports a ledger refund posted that day the bill does not list, but not one of another day's", () => {
    expect(refundDifferences(DAY, [], [held('r1', 100), held('r2', 70, '2026-11-26')])).toEqual([
      { paymentId: 'a', refundId: 'r1', kind: 'refund_missing_at_provider', providerCents: null, ledgerCents: 100, currency: 'CNY' },
    ]);
  });
});

describe('chargeback reconciliation', () => {
  it('finds nothing when the provider and the ledger agree, adding up what the provider lists in parts', () => {
    expect(chargebackDifferences(DAY, [settled('a', 100), settled('b', 60), settled('b', 40)], [captured('b', 100), captured('a', 100)])).toEqual([]);
  });

  it('reports money taken back that the ledger does not hold, but not movements that net to nothing', () => {
    expect(chargebackDifferences(DAY, [settled('a', 100), settled('b', 100), settled('b', -100)], [])).toEqual([
      { paymentId: 'a', refundId: null, kind: 'chargeback_missing_in_ledger', providerCents: 100, ledgerCents: null, currency: 'CNY' },
    ]);
  });

  it('reports a chargeback held at another amount or currency: a dispute won gives the money back', () => {
    expect(chargebackDifferences(DAY, [settled('a', 100), settled('a', -100), settled('b', 50, 'USD')], [captured('a', 100, '2026-11-20'), captured('b', 50)])).toEqual([
      { paymentId: 'a', refundId: null, kind: 'chargeback_amount_mismatch', providerCents: 0, ledgerCents: 100, currency: 'CNY' },
      { paymentId: 'b', refundId: null, kind: 'chargeback_amount_mismatch', providerCents: 50, ledgerCents: 50, currency: 'USD' },
    ]);
  });

  it("reports a ledger chargeback posted that day the provider does not list, but not one of another day's", () => {
    expect(chargebackDifferences(DAY, [], [captured('a', 100), captured('b', 100, '2026-11-26')])).toEqual([
      { paymentId: 'a', refundId: null, kind: 'chargeback_missing_at_provider', providerCents: null, ledgerCents: 100, currency: 'CNY' },
    ]);
  });
});

describe("a provider's fees (the ledger records none)", () => {
  it("reports the day's fees as one line per currency, each movement's fee summed, a fee given back netted", () => {
    const fees = [
      { amountCents: 204, currency: 'CNY' },
      { amountCents: 1500, currency: 'CNY' },
      { amountCents: 59, currency: 'USD' },
      { amountCents: -4, currency: 'CNY' },
    ];
    expect(feeDifferences(fees)).toEqual([
      { paymentId: '', refundId: null, kind: 'fee_unrecorded', providerCents: 1700, ledgerCents: null, currency: 'CNY' },
      { paymentId: '', refundId: null, kind: 'fee_unrecorded', providerCents: 59, ledgerCents: null, currency: 'USD' },
    ]);
  });

  it('reports nothing for a day without fees, or whose fees net to nothing', () => {
    expect(feeDifferences([])).toEqual([]);
    expect(feeDifferences([{ amountCents: 30, currency: 'CNY' }, { amountCents: -30, currency: 'CNY' }])).toEqual([]);
  });
});
