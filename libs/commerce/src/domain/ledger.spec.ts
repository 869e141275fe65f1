import { describe, expect, it } from 'vitest';
import { creatorPositionKeys, postingForChargeback, postingForDisputeWon, postingForLatePayment, postingForLatePaymentChargeback, postingForPaidOrder, postingForPayout, postingForRefund, postingForRefundDue, postingForSubscriptionChargeback, postingForSubscriptionDisputeWon, postingForSubscriptionPeriod, settleCreatorDebts } from './ledger.js';

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

  it('reverses a membership payment charged back, line by line of what it posted', () => {
    const taken = { amountCents: 500, currency: 'CNY', creatorId: 'c1', platformFeeCents: 100 };
    expect(postingForSubscriptionChargeback(taken, 'stripe')).toEqual([
      { account: 'assets:psp-clearing:stripe', amountCents: -500, currency: 'CNY' },
      { account: 'revenue:platform-fees', amountCents: 100, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: 400, currency: 'CNY' },
    ]);
    expect(postingForSubscriptionChargeback({ ...taken, creatorId: null, platformFeeCents: 500 }, 'stripe')).toEqual([
      { account: 'assets:psp-clearing:stripe', amountCents: -500, currency: 'CNY' },
      { account: 'revenue:memberships', amountCents: 500, currency: 'CNY' },
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

  it('reverses a chargeback line by line when its dispute is won, the loss included', () => {
    const lines = postingForDisputeWon(
      {
        orderId: 'o',
        buyerId: 'b',
        paymentId: 'p',
        providerEventId: 'won',
        amountCents: 1000,
        currency: 'CNY',
        items: [{ contentId: 'a', creatorId: 'c1', refundedCents: 600, feeRefundedCents: 120 }],
        lossCents: 400,
        orderStatus: 'partially_refunded',
        regranted: ['a'],
      },
      'sandbox',
    );
    expect(lines).toEqual([
      { account: 'revenue:platform-fees', amountCents: -120, currency: 'CNY' },
      { account: 'liabilities:creator-payable:c1', amountCents: -480, currency: 'CNY' },
      { account: 'assets:psp-clearing:sandbox', amountCents: 600, currency: 'CNY' },
      { account: 'expenses:chargeback-losses', amountCents: -400, currency: 'CNY' },
      { account: 'assets:psp-clearing:sandbox', amountCents: 400, currency: 'CNY' },
    ]);
  });

  it('takes a membership payment owed back out of what is owed when the bank returns it, and owes it again when the dispute is won', () => {
    expect(postingForLatePaymentChargeback({ amountCents: 700, currency: 'CNY' }, 'u', 'stripe')).toEqual([
      { account: 'assets:psp-clearing:stripe', amountCents: -700, currency: 'CNY' },
      { account: 'liabilities:refunds-payable:u', amountCents: 700, currency: 'CNY' },
    ]);
    expect(postingForSubscriptionDisputeWon({ amountCents: 700, currency: 'CNY', creatorId: null, platformFeeCents: 0, latePayment: true, userId: 'u' }, 'stripe')).toEqual(
      postingForLatePayment({ amountCents: 700, currency: 'CNY' }, 'u', 'stripe'),
    );
    const period = { amountCents: 990, currency: 'CNY', creatorId: 'c1', platformFeeCents: 198 };
    expect(postingForSubscriptionDisputeWon({ ...period, latePayment: false, userId: 'u' }, 'stripe')).toEqual(postingForSubscriptionPeriod(period, 'stripe'));
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

describe('creator debts: a payable never below zero', () => {
  const payable = (creator: string, amountCents: number, currency = 'CNY') => ({ account: `liabilities:creator-payable:${creator}`, amountCents, currency });
  const receivable = (creator: string, amountCents: number, currency = 'CNY') => ({ account: `assets:creator-receivable:${creator}`, amountCents, currency });
  const clearing = (amountCents: number) => ({ account: 'assets:psp-clearing:sandbox', amountCents, currency: 'CNY' });
  const at = (entries: [string, number, number][]) => new Map(entries.map(([key, owedCents, receivableCents]) => [key, { owedCents, receivableCents }]));

  it('names the creators a posting moves once each, by account and currency, in a fixed order (the order locks are taken in)', () => {
    expect(creatorPositionKeys([payable('c2', 5), clearing(-5), payable('c1', -3), payable('c2', 7), payable('c1', 1, 'USD')])).toEqual([
      'liabilities:creator-payable:c1|CNY',
      'liabilities:creator-payable:c1|USD',
      'liabilities:creator-payable:c2|CNY',
    ]);
  });

  it('takes a refund out of what is owed when that covers it, and leaves other lines alone', () => {
    const lines = [payable('c1', 400), clearing(-400)];
    expect(settleCreatorDebts(lines, at([['liabilities:creator-payable:c1|CNY', 400, 0]]))).toEqual(lines);
  });

  it('books what a refund takes beyond what is owed as the creator\'s debt, still summing to zero', () => {
    const settled = settleCreatorDebts([payable('c1', 400), clearing(-400)], at([['liabilities:creator-payable:c1|CNY', 150, 0]]));
    expect(settled).toEqual([payable('c1', 150), receivable('c1', 250), clearing(-400)]);
    expect(settled.reduce((sum, line) => sum + line.amountCents, 0)).toBe(0);
  });

  it('books all of it as debt when nothing is owed, or a negative balance came from before', () => {
    expect(settleCreatorDebts([payable('c1', 400), clearing(-400)], new Map())).toEqual([receivable('c1', 400), clearing(-400)]);
    expect(settleCreatorDebts([payable('c1', 400), clearing(-400)], at([['liabilities:creator-payable:c1|CNY', -20, 0]]))).toEqual([receivable('c1', 400), clearing(-400)]);
  });

  it('settles a debt out of the next earnings before owing anything', () => {
    const key = 'liabilities:creator-payable:c1|CNY';
    expect(settleCreatorDebts([clearing(1000), payable('c1', -900), { account: 'revenue:platform-fees', amountCents: -100, currency: 'CNY' }], at([[key, 0, 250]]))).toEqual([
      clearing(1000),
      receivable('c1', -250),
      payable('c1', -650),
      { account: 'revenue:platform-fees', amountCents: -100, currency: 'CNY' },
    ]);
    // Earnings smaller than the debt settle part of it and owe nothing.
    expect(settleCreatorDebts([clearing(100), payable('c1', -100)], at([[key, 0, 250]]))).toEqual([clearing(100), receivable('c1', -100)]);
    // No debt: the credit stands as it is.
    expect(settleCreatorDebts([clearing(100), payable('c1', -100)], at([[key, 30, 0]]))).toEqual([clearing(100), payable('c1', -100)]);
  });

  it('carries each creator\'s standing through the posting: two lines for one creator see the first one\'s effect', () => {
    const key = 'liabilities:creator-payable:c1|CNY';
    expect(settleCreatorDebts([payable('c1', 300), payable('c1', 300), clearing(-600)], at([[key, 400, 0]]))).toEqual([
      payable('c1', 300),
      payable('c1', 100),
      receivable('c1', 200),
      clearing(-600),
    ]);
    expect(settleCreatorDebts([payable('c1', -100), payable('c1', -100), clearing(200)], at([[key, 0, 150]]))).toEqual([
      receivable('c1', -100),
      receivable('c1', -50),
      payable('c1', -50),
      clearing(200),
    ]);
  });

  it('keeps creators and currencies apart', () => {
    const settled = settleCreatorDebts(
      [payable('c1', 100), payable('c2', 100), payable('c1', 100, 'USD'), clearing(-200), { account: 'assets:psp-clearing:sandbox', amountCents: -100, currency: 'USD' }],
      at([['liabilities:creator-payable:c1|CNY', 100, 0], ['liabilities:creator-payable:c2|CNY', 40, 0], ['liabilities:creator-payable:c1|USD', 0, 0]]),
    );
    expect(settled).toEqual([
      payable('c1', 100),
      payable('c2', 40),
      receivable('c2', 60),
      receivable('c1', 100, 'USD'),
      clearing(-200),
      { account: 'assets:psp-clearing:sandbox', amountCents: -100, currency: 'USD' },
    ]);
  });

  it('never lets a recorded debt below zero count as credit', () => {
    expect(settleCreatorDebts([clearing(100), payable('c1', -100)], at([['liabilities:creator-payable:c1|CNY', 0, -40]]))).toEqual([clearing(100), payable('c1', -100)]);
  });
});
