import { describe, expect, it } from 'vitest';
import { postingForChargeback, postingForLatePayment, postingForPaidOrder, postingForPayout, postingForRefund, postingForRefundDue, postingForSubscriptionPeriod } from './ledger.js';

describe('ledger posting of a paid order', () => {
  it('splits the payment into the platform fee and each creator\'s payable, summing to zero', () => {
    const lines = postingForPaidOrder(
      {
        orderId: 'o',
        buyerId: 'b',
        paymentId: 'p',
        providerEventId: 'e',
        amountCents: 10_100,
        currency: 'CNY',
        items: [
          { contentId: 'a', creatorId: 'c1', priceCents: 9900, platformFeeCents: 1980 },
          { contentId: 'b', creatorId: 'c1', priceCents: 100, platformFeeCents: 20 },
          { contentId: 'c', creatorId: 'c2', priceCents: 100, platformFeeCents: 20 },
        ],
      },
      'sandbox',
    );
    expect(lines).toEqual([
      { account: 'assets:psp-clearing:sandbox', amountCents: 10_100, currency: 'CNY' },
      { account: 'revenue:platform-fees', amountCents: -2020, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: -8000, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c2', amountCents: -80, currency: 'CNY' },
    ]);
    expect(lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(0);
  });

  it('drops zero lines (free items, zero commission)', () => {
    const lines = postingForPaidOrder(
      {
        orderId: 'o', buyerId: 'b', paymentId: 'p', providerEventId: 'e', amountCents: 500, currency: 'CNY',
        items: [{ contentId: 'a', creatorId: 'c1', priceCents: 500, platformFeeCents: 0 }],
      },
      'sandbox',
    );
    expect(lines.map((line) => line.account)).toEqual(['assets:psp-clearing:sandbox', 'liabilities:creator-payable:c1']);
  });

  it('reverses what a payment posted for items it could not grant, owing the sum to the buyer', () => {
    const lines = postingForRefundDue({
      orderId: 'o', buyerId: 'b', paymentId: 'p', reason: 'already-owned', amountCents: 600, currency: 'CNY',
      items: [
        { contentId: 'a', creatorId: 'c1', priceCents: 500, platformFeeCents: 100 },
        { contentId: 'z', creatorId: 'c2', priceCents: 100, platformFeeCents: 0 },
      ],
    });
    expect(lines).toEqual([
      { account: 'revenue:platform-fees', amountCents: 100, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: 400, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c2', amountCents: 100, currency: 'CNY' },
      { account: 'liabilities:refunds-payable:b', amountCents: -600, currency: 'CNY' },
    ]);
    expect(lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(0);
  });

  it('books a membership period like a sale for a creator\'s plan, and as the platform\'s own revenue for a VIP plan', () => {
    const period = {
      subscriptionId: 's',
      userId: 'u',
      paymentId: 'p',
      providerEventId: 'e',
      amountCents: 990,
      currency: 'CNY',
      periodStart: 'a',
      periodEnd: 'b',
      creatorId: 'c1',
      platformFeeCents: 198,
    };
    expect(postingForSubscriptionPeriod(period, 'sandbox')).toEqual([
      { account: 'assets:psp-clearing:sandbox', amountCents: 990, currency: 'CNY' },
      { account: 'revenue:platform-fees', amountCents: -198, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: -792, currency: 'CNY' },
    ]);
    expect(postingForSubscriptionPeriod({ ...period, creatorId: null, platformFeeCents: 990 }, 'sandbox')).toEqual([
      { account: 'assets:psp-clearing:sandbox', amountCents: 990, currency: 'CNY' },
      { account: 'revenue:memberships', amountCents: -990, currency: 'CNY' },
    ]);
  });

  it('books a chargeback as a refund of what was left, and what the bank took beyond it as a loss', () => {
    const lines = postingForChargeback(
      {
        orderId: 'o',
        buyerId: 'b',
        paymentId: 'p',
        providerEventId: 'e',
        amountCents: 1000,
        currency: 'CNY',
        items: [{ contentId: 'a', creatorId: 'c1', refundedCents: 600, feeRefundedCents: 120 }],
        lossCents: 400,
      },
      'sandbox',
    );
    expect(lines).toEqual([
      { account: 'revenue:platform-fees', amountCents: 120, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: 480, currency: 'CNY' },
      { account: 'assets:psp-clearing:sandbox', amountCents: -600, currency: 'CNY' },
      { account: 'expenses:chargeback-losses', amountCents: 400, currency: 'CNY' },
      { account: 'assets:psp-clearing:sandbox', amountCents: -400, currency: 'CNY' },
    ]);
  });

  it('books a late payment as money the provider holds for the buyer', () => {
    const lines = postingForLatePayment({ amountCents: 700, currency: 'CNY' }, 'b', 'sandbox');
    expect(lines).toEqual([
      { account: 'assets:psp-clearing:sandbox', amountCents: 700, currency: 'CNY' },
      { account: 'liabilities:refunds-payable:b', amountCents: -700, currency: 'CNY' },
    ]);
  });

  it('takes a refund back out of the fee and each creator\'s payable, paid from the provider\'s clearing account', () => {
    const lines = postingForRefund(
      {
        orderId: 'o', refundId: 'r', buyerId: 'b', paymentId: 'p', providerEventId: 'e', amountCents: 750, currency: 'CNY', fullyRefunded: false,
        items: [
          { contentId: 'a', creatorId: 'c1', refundedCents: 500, feeRefundedCents: 100 },
          { contentId: 'c', creatorId: 'c2', refundedCents: 250, feeRefundedCents: 50 },
        ],
      },
      'sandbox',
    );
    expect(lines).toEqual([
      { account: 'revenue:platform-fees', amountCents: 150, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: 400, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c2', amountCents: 200, currency: 'CNY' },
      { account: 'assets:psp-clearing:sandbox', amountCents: -750, currency: 'CNY' },
    ]);
  });

  it('books a payout as less owed to the creator, paid out of the provider\'s clearing account', () => {
    expect(postingForPayout({ payoutId: 'p', creatorId: 'c1', amountCents: 500, currency: 'CNY', providerEventId: 'e' }, 'sandbox')).toEqual([
      { account: 'liabilities:creator-payable:c1', amountCents: 500, currency: 'CNY' },
      { account: 'assets:psp-clearing:sandbox', amountCents: -500, currency: 'CNY' },
    ]);
  });
});
