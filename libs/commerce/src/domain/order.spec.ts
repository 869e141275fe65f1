import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { LatePaymentReceived, OrderEvent, OrderExpired, OrderItem, OrderPaid, OrderPlaced, OrderRefunded, PaymentFailed, RefundedItem } from './commerce-events.js';
import { type OrderCommand, orderDecider, platformFee } from './order.js';

const { given } = deciderSpec(orderDecider);

const DUE = '2026-11-28T12:30:00.000Z';

const item = (contentId: string, priceCents: number, creatorId = 'creator-1', currency = 'CNY'): OrderItem => ({
  contentId,
  creatorId,
  title: `Course ${contentId}`,
  priceCents,
  currency,
  listPriceCents: priceCents,
});

const place = (items: OrderItem[], alreadyOwned: string[] = [], buyerId = 'buyer-1', provider = 'sandbox'): OrderCommand => ({
  type: 'PlaceOrder',
  orderId: 'order-1',
  buyerId,
  items,
  alreadyOwned,
  paymentId: 'pay_1',
  provider,
  payableUntil: DUE,
  coupon: null,
  bundle: null,
});

const items = [item('a', 9900), item('b', 100, 'creator-2')];
const placed: OrderEvent = {
  type: 'commerce.order-placed',
  data: {
    orderId: 'order-1',
    buyerId: 'buyer-1',
    items,
    totalCents: 10_000,
    currency: 'CNY',
    paymentId: 'pay_1',
    provider: 'sandbox',
    payableUntil: DUE,
    coupon: null,
    bundle: null,
  },
};

const confirm = (amountCents = 10_000, currency = 'CNY', alreadyOwned: string[] = []): OrderCommand => ({
  type: 'ConfirmPayment',
  providerEventId: 'evt_1',
  amountCents,
  currency,
  commissionBps: { a: 2000, b: 2000 },
  alreadyOwned,
});
const fail: OrderCommand = { type: 'FailPayment', providerEventId: 'evt_2', reason: 'card declined' };

const paidItems = [
  { contentId: 'a', creatorId: 'creator-1', priceCents: 9900, platformFeeCents: 1980 },
  { contentId: 'b', creatorId: 'creator-2', priceCents: 100, platformFeeCents: 20 },
];
const paid: OrderPaid = {
  type: 'commerce.order-paid',
  data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_1', amountCents: 10_000, currency: 'CNY', items: paidItems },
};
const failed: PaymentFailed = {
  type: 'commerce.payment-failed',
  data: { orderId: 'order-1', paymentId: 'pay_1', providerEventId: 'evt_2', reason: 'card declined' },
};
const latePayment = (amountCents = 10_000): LatePaymentReceived => ({
  type: 'commerce.late-payment-received',
  data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_1', amountCents, currency: 'CNY', contentIds: ['a', 'b'] },
});

describe('order decider', () => {
  describe('PlaceOrder', () => {
    it('places an order totalling its items', () => given([]).when(place(items)).then([placed]));
    it('records the provider its payment is opened with', () =>
      given([]).when(place(items, [], 'buyer-1', 'stripe')).then([{ ...placed, data: { ...placed.data, provider: 'stripe' } } as OrderEvent]));

    it('pays an order nothing is left to pay for (a redemption code covering it all) as it is placed', () => {
      const free = [{ ...item('a', 0), listPriceCents: 9900 }];
      given([])
        .when(place(free))
        .then([
          { type: 'commerce.order-placed', data: { ...placed.data, items: free, totalCents: 0 } },
          {
            type: 'commerce.order-paid',
            data: {
              orderId: 'order-1',
              buyerId: 'buyer-1',
              paymentId: 'pay_1',
              providerEventId: 'redeemed:order-1',
              amountCents: 0,
              currency: 'CNY',
              items: [{ contentId: 'a', creatorId: 'creator-1', priceCents: 0, platformFeeCents: 0 }],
            },
          },
        ]);
    });

    it('is a no-op when the same buyer places the same order again (a retry with the same key)', () =>
      given([placed]).when(place(items)).then([]));

    it('refuses another buyer or other items under an existing order id', () => {
      given([placed]).when(place(items, [], 'buyer-2')).thenRefuses('COMMERCE.ORDER_EXISTS', 'conflict');
      given([placed]).when(place([item('a', 9900)])).thenRefuses('COMMERCE.ORDER_EXISTS', 'conflict');
      given([placed]).when(place([item('a', 9900), item('b', 101, 'creator-2')])).thenRefuses('COMMERCE.ORDER_EXISTS', 'conflict');
      given([placed]).when(place([item('x', 9900), item('y', 100, 'creator-2')])).thenRefuses('COMMERCE.ORDER_EXISTS', 'conflict');
    });

    it('refuses an empty order', () => given([]).when(place([])).thenRefuses('COMMERCE.EMPTY_ORDER', 'invalid'));
    it("refuses the buyer's own content, naming it", () => {
      const refusal = given([]).when(place([item('a', 100, 'buyer-1'), item('b', 100)])).thenRefuses('COMMERCE.CANNOT_BUY_OWN_CONTENT', 'invalid');
      expect(refusal.details).toEqual({ contentIds: ['a'] });
    });
    it('refuses content the buyer already owns', () =>
      given([]).when(place([item('a', 100)], ['a'])).thenRefuses('COMMERCE.ALREADY_OWNED', 'conflict'));
    it('refuses items priced in two currencies', () =>
      given([]).when(place([item('a', 100), item('b', 100, 'creator-1', 'USD')])).thenRefuses('COMMERCE.MIXED_CURRENCIES', 'invalid'));
  });

  describe('ConfirmPayment', () => {
    it("is paid when the exact amount arrives, fixing each item's platform fee", () => given([placed]).when(confirm()).then([paid]));
    it("fixes each item's fee at its own rate (its creator's, for its channel)", () => {
      const [event] = orderDecider.decide({ ...confirm(), commissionBps: { a: 1000, b: 0 } } as OrderCommand, foldEvents(orderDecider, [placed]));
      expect((event as OrderPaid).data.items.map((item) => item.platformFeeCents)).toEqual([990, 0]);
    });

    it('records what was paid for items the buyer already held as owed back, reversing just those items', () =>
      given([placed])
        .when(confirm(10_000, 'CNY', ['b']))
        .then([
          paid,
          {
            type: 'commerce.refund-due',
            data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', reason: 'already-owned', amountCents: 100, currency: 'CNY', items: [paidItems[1]!] },
          },
        ]));

    it('records no refund for an already-held item that was free', () => {
      const free: OrderEvent = { type: 'commerce.order-placed', data: { ...(placed as OrderPlaced).data, items: [item('f', 0)], totalCents: 0 } };
      given([free]).when({ ...confirm(0, 'CNY', ['f']), commissionBps: { f: 2000 } } as OrderCommand).then([
        { ...paid, data: { ...paid.data, amountCents: 0, items: [{ contentId: 'f', creatorId: 'creator-1', priceCents: 0, platformFeeCents: 0 }] } },
      ]);
    });

    it('refuses a wrong amount or currency', () => {
      given([placed]).when(confirm(9999)).thenRefuses('COMMERCE.PAYMENT_AMOUNT_MISMATCH', 'invalid');
      given([placed]).when(confirm(10_000, 'USD')).thenRefuses('COMMERCE.PAYMENT_AMOUNT_MISMATCH', 'invalid');
    });

    it('changes nothing on a second success', () => given([placed, paid]).when(confirm()).then([]));

    it('refuses a payment for an order that does not exist', () =>
      given([]).when(confirm()).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found'));

    it('records a success after the order failed as a late payment owed back, whatever the amount, once', () => {
      given([placed, failed]).when(confirm()).then([latePayment()]);
      given([placed, failed]).when(confirm(9999)).then([latePayment(9999)]);
      given([placed, failed, latePayment()]).when(confirm()).then([]);
    });
  });

  describe('a paid question as an order item', () => {
    it('carries the item kind into the payment, so nothing reads it as a content bought', () => {
      const question = { ...item('q', 5000, 'expert-1'), kind: 'question' as const };
      const questionPlaced: OrderPlaced = { ...(placed as OrderPlaced), data: { ...(placed as OrderPlaced).data, items: [question], totalCents: 5000 } };
      given([questionPlaced])
        .when({ type: 'ConfirmPayment', providerEventId: 'evt_1', amountCents: 5000, currency: 'CNY', commissionBps: { q: 2000 }, alreadyOwned: [] })
        .then([{ ...paid, data: { ...paid.data, amountCents: 5000, items: [{ contentId: 'q', creatorId: 'expert-1', priceCents: 5000, platformFeeCents: 1000, kind: 'question' }] } }]);
    });
  });

  describe('ExpireOrder', () => {
    const expire = (now: string): OrderCommand => ({ type: 'ExpireOrder', now });
    const expired: OrderExpired = { type: 'commerce.order-expired', data: { orderId: 'order-1', paymentId: 'pay_1', expiredAt: DUE } };

    it('expires a pending order once its payment window has closed', () => given([placed]).when(expire(DUE)).then([expired]));
    it('refuses to expire it before', () =>
      given([placed]).when(expire('2026-11-28T12:29:59.999Z')).thenRefuses('COMMERCE.ORDER_NOT_DUE', 'conflict'));
    it('never expires an order placed without a deadline', () => {
      const undated: OrderEvent = { type: 'commerce.order-placed', data: { ...(placed as OrderPlaced).data, payableUntil: null } };
      given([undated]).when(expire(DUE)).thenRefuses('COMMERCE.ORDER_NOT_DUE', 'conflict');
    });
    it('leaves paid, failed and expired orders as they are', () => {
      given([placed, paid]).when(expire(DUE)).then([]);
      given([placed, failed]).when(expire(DUE)).then([]);
      given([placed, expired]).when(expire(DUE)).then([]);
    });
    it('refuses an order that does not exist', () => given([]).when(expire(DUE)).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found'));
    it('records a payment that arrives after expiry as owed back; a failure report changes nothing', () => {
      given([placed, expired]).when(confirm()).then([latePayment()]);
      given([placed, expired]).when(fail).then([]);
    });
  });

  describe('refunds', () => {
    const NOW = '2026-11-30T00:00:00.000Z';
    const request = (over: Partial<Extract<OrderCommand, { type: 'RequestRefund' }>> = {}): OrderCommand => ({
      type: 'RequestRefund',
      refundId: 'r1',
      buyerId: 'buyer-1',
      amountCents: null,
      reason: 'not what I expected',
      now: NOW,
      paidAt: '2026-11-28T00:00:00.000Z',
      windowDays: 7,
      lessonsOpened: [],
      maxOpenedPercent: 30,
      ...over,
    });
    const requested = (amountCents = 10_000, refundId = 'r1'): OrderEvent => ({
      type: 'commerce.refund-requested',
      data: { orderId: 'order-1', refundId, buyerId: 'buyer-1', amountCents, reason: 'not what I expected' },
    });
    const approve = (amountCents: number | null = null): OrderCommand => ({ type: 'ApproveRefund', refundId: 'r1', reviewerId: 'fin', amountCents });
    const approved = (amountCents = 10_000): OrderEvent => ({
      type: 'commerce.refund-approved',
      data: { orderId: 'order-1', refundId: 'r1', reviewerId: 'fin', amountCents },
    });
    const reject: OrderCommand = { type: 'RejectRefund', refundId: 'r1', reviewerId: 'fin', reason: 'used in full' };
    const rejected: OrderEvent = { type: 'commerce.refund-rejected', data: { orderId: 'order-1', refundId: 'r1', reviewerId: 'fin', reason: 'used in full' } };
    const record = (amountCents: number, refundId = 'r1'): OrderCommand => ({ type: 'RecordRefund', refundId, providerEventId: `evt_${refundId}`, amountCents });
    const refunded = (amountCents: number, items: OrderRefunded['data']['items'], fullyRefunded: boolean, refundId = 'r1'): OrderRefunded => ({
      type: 'commerce.order-refunded',
      data: { orderId: 'order-1', refundId, buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: `evt_${refundId}`, amountCents, currency: 'CNY', items, fullyRefunded },
    });
    const allBack = [
      { contentId: 'a', creatorId: 'creator-1', refundedCents: 9900, feeRefundedCents: 1980 },
      { contentId: 'b', creatorId: 'creator-2', refundedCents: 100, feeRefundedCents: 20 },
    ];

    it('lets the buyer request all that is refundable, or part of it, within the window', () => {
      given([placed, paid]).when(request()).then([requested()]);
      given([placed, paid]).when(request({ amountCents: 2500 })).then([requested(2500)]);
      given([placed, paid]).when(request({ now: '2026-12-05T00:00:00.000Z' })).then([requested()]);
    });
    it('refunds a buyer who opened up to the policy\'s share of each item\'s lessons, and refuses one who opened more', () => {
      given([placed, paid]).when(request({ lessonsOpened: [{ contentId: 'a', opened: 3, of: 10 }] })).then([requested()]);
      const refusal = given([placed, paid])
        .when(request({ lessonsOpened: [{ contentId: 'a', opened: 1, of: 10 }, { contentId: 'b', opened: 4, of: 10 }] }))
        .thenRefuses('COMMERCE.REFUND_POLICY_LESSONS_OPENED', 'conflict');
      expect(refusal.details).toEqual({ contentIds: ['b'], maxPercent: 30 });
      given([placed, paid]).when(request({ lessonsOpened: [{ contentId: 'a', opened: 10, of: 10 }], maxOpenedPercent: 100 })).then([requested()]);
    });
    it('is a no-op when the same request comes again', () => given([placed, paid, requested()]).when(request()).then([]));
    it('refuses an order that is not the buyer\'s, or does not exist', () => {
      given([placed, paid]).when(request({ buyerId: 'buyer-2' })).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
      given([]).when(request()).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
    });
    it('refuses an order that was never paid', () => given([placed]).when(request()).thenRefuses('COMMERCE.ORDER_NOT_PAID', 'conflict'));
    it('refuses once the window has closed', () => {
      const refusal = given([placed, paid]).when(request({ now: '2026-12-05T00:00:00.001Z' })).thenRefuses('COMMERCE.REFUND_WINDOW_CLOSED', 'conflict');
      expect(refusal.details).toEqual({ closedAt: '2026-12-05T00:00:00.000Z' });
    });
    it('refuses a second request while one is being handled', () => {
      given([placed, paid, requested(100)]).when(request({ refundId: 'r2' })).thenRefuses('COMMERCE.REFUND_IN_PROGRESS', 'conflict');
      given([placed, paid, requested(100), approved(100)]).when(request({ refundId: 'r2' })).thenRefuses('COMMERCE.REFUND_IN_PROGRESS', 'conflict');
    });
    it('refuses more than is left to refund, and nothing', () => {
      given([placed, paid]).when(request({ amountCents: 10_001 })).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
      given([placed, paid]).when(request({ amountCents: 0 })).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
      const half = refunded(5000, [{ contentId: 'a', creatorId: 'creator-1', refundedCents: 4950, feeRefundedCents: 990 }, { contentId: 'b', creatorId: 'creator-2', refundedCents: 50, feeRefundedCents: 10 }], false);
      given([placed, paid, requested(5000), approved(5000), half]).when(request({ refundId: 'r2', amountCents: 5001 })).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
      given([placed, paid, requested(5000), approved(5000), half]).when(request({ refundId: 'r2' })).then([requested(5000, 'r2')]);
    });

    it('lets finance approve the amount asked, or less, once', () => {
      given([placed, paid, requested()]).when(approve()).then([approved()]);
      given([placed, paid, requested()]).when(approve(4000)).then([approved(4000)]);
      given([placed, paid, requested(), approved()]).when(approve()).then([]);
    });
    it('refuses to approve more than was asked, an unknown refund, a rejected one, or for an unknown order', () => {
      given([placed, paid, requested(3000)]).when(approve(3001)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
      given([placed, paid]).when(approve()).thenRefuses('COMMERCE.REFUND_NOT_FOUND', 'not_found');
      given([placed, paid, requested(), rejected]).when(approve()).thenRefuses('COMMERCE.REFUND_NOT_PENDING', 'conflict');
      given([]).when(approve()).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
    });
    it('lets finance reject a request once, but not one already approved', () => {
      given([placed, paid, requested()]).when(reject).then([rejected]);
      given([placed, paid, requested(), rejected]).when(reject).then([]);
      given([placed, paid, requested(), approved()]).when(reject).thenRefuses('COMMERCE.REFUND_NOT_PENDING', 'conflict');
      given([placed, paid]).when(reject).thenRefuses('COMMERCE.REFUND_NOT_FOUND', 'not_found');
      given([]).when(reject).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
    });

    it('records the money the provider paid back, split over the items, and says when it is all of it', () => {
      given([placed, paid, requested(), approved()]).when(record(10_000)).then([refunded(10_000, allBack, true)]);
      given([placed, paid, requested(), approved()])
        .when(record(5000))
        .then([
          refunded(
            5000,
            [
              { contentId: 'a', creatorId: 'creator-1', refundedCents: 4950, feeRefundedCents: 990 },
              { contentId: 'b', creatorId: 'creator-2', refundedCents: 50, feeRefundedCents: 10 },
            ],
            false,
          ),
        ]);
    });
    it('records a refund made at the provider that nobody asked for here', () =>
      given([placed, paid]).when(record(10_000, 'at-provider')).then([refunded(10_000, allBack, true, 'at-provider')]));
    it('records each refund once', () => given([placed, paid, refunded(10_000, allBack, true)]).when(record(10_000)).then([]));
    it('refuses a refund of an order not paid (yet): the payment may still be on its way', () => {
      given([placed]).when(record(100)).thenRefuses('COMMERCE.ORDER_NOT_PAID', 'conflict');
      given([placed, failed]).when(record(100)).thenRefuses('COMMERCE.ORDER_NOT_PAID', 'conflict');
      given([]).when(record(100)).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
    });
    it('refuses to record more than is left of the payment', () => {
      given([placed, paid]).when(record(10_001)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
      given([placed, paid]).when(record(0)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
    });

    it('folds refunds into the status and what is left', () => {
      const part = refunded(5000, [{ contentId: 'a', creatorId: 'creator-1', refundedCents: 4950, feeRefundedCents: 990 }, { contentId: 'b', creatorId: 'creator-2', refundedCents: 50, feeRefundedCents: 10 }], false, 'r9');
      expect(foldEvents(orderDecider, [placed, paid, part])).toMatchObject({ status: 'partially_refunded', refunds: [{ refundId: 'r9', amountCents: 5000, status: 'refunded' }] });
      expect(foldEvents(orderDecider, [placed, paid, requested(), approved(), refunded(10_000, allBack, true)])).toMatchObject({
        status: 'refunded',
        refunds: [{ refundId: 'r1', amountCents: 10_000, status: 'refunded' }],
        refunded: allBack,
      });
      given([placed, paid, refunded(10_000, allBack, true)]).when(confirm()).then([]);
      for (const stray of [requested(), rejected, approved(), refunded(1, [], false)]) expect(foldEvents(orderDecider, [stray])).toEqual({ status: 'none' });
    });
  });

  describe('RefundUndelivered (a paid service not delivered: refunded by the platform)', () => {
    const undelivered = (refundId = 'u1'): OrderCommand => ({ type: 'RefundUndelivered', refundId, reason: 'paid question not answered in time' });
    const requestedAll = (amountCents = 10_000): OrderEvent => ({
      type: 'commerce.refund-requested',
      data: { orderId: 'order-1', refundId: 'u1', buyerId: 'buyer-1', amountCents, reason: 'paid question not answered in time' },
    });
    const approvedAll = (amountCents = 10_000): OrderEvent => ({
      type: 'commerce.refund-approved',
      data: { orderId: 'order-1', refundId: 'u1', reviewerId: null, amountCents },
    });
    const partRefunded: OrderRefunded = {
      type: 'commerce.order-refunded',
      data: {
        orderId: 'order-1', refundId: 'r9', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_r9', amountCents: 4000, currency: 'CNY',
        items: [{ contentId: 'a', creatorId: 'creator-1', refundedCents: 4000, feeRefundedCents: 800 }], fullyRefunded: false,
      },
    };

    it('requests and approves at once all that is left, with no reviewer', () => {
      given([placed, paid]).when(undelivered()).then([requestedAll(), approvedAll()]);
      given([placed, paid, partRefunded]).when(undelivered()).then([requestedAll(6000), approvedAll(6000)]);
      expect(foldEvents(orderDecider, [placed, paid, requestedAll(), approvedAll()])).toMatchObject({ refunds: [{ refundId: 'u1', amountCents: 10_000, status: 'approved' }] });
    });
    it('decides once per refund id: a rerun, or one after the money moved, is a no-op', () => {
      given([placed, paid, requestedAll(), approvedAll()]).when(undelivered()).then([]);
      const back: OrderRefunded = { ...partRefunded, data: { ...partRefunded.data, refundId: 'u1', amountCents: 10_000, fullyRefunded: true } };
      given([placed, paid, requestedAll(), approvedAll(), back]).when(undelivered()).then([]);
    });
    it('refuses an order that does not exist', () => given([]).when(undelivered()).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found'));
    it('refuses an order that is not paid', () => {
      given([placed]).when(undelivered()).thenRefuses('COMMERCE.ORDER_NOT_PAID', 'conflict');
      given([placed, failed]).when(undelivered()).thenRefuses('COMMERCE.ORDER_NOT_PAID', 'conflict');
    });
    it('refuses while another refund is under way', () => {
      const other: OrderEvent = { type: 'commerce.refund-requested', data: { orderId: 'order-1', refundId: 'r1', buyerId: 'buyer-1', amountCents: 100, reason: 'x' } };
      expect(given([placed, paid, other]).when(undelivered()).thenRefuses('COMMERCE.REFUND_IN_PROGRESS', 'conflict').details).toEqual({ refundId: 'r1' });
    });
    it('refuses an order with nothing left to refund (paid nothing)', () => {
      const free: OrderEvent = { ...paid, data: { ...paid.data, amountCents: 0, items: paidItems.map((i) => ({ ...i, priceCents: 0, platformFeeCents: 0 })) } };
      const freePlaced: OrderEvent = { ...placed, data: { ...(placed.data as OrderPlaced['data']), totalCents: 0 } };
      given([freePlaced, free]).when(undelivered()).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
    });
  });

  describe('RecordChargeback', () => {
    const chargeback = (amountCents = 10_000): OrderCommand => ({ type: 'RecordChargeback', providerEventId: 'evt_cb', amountCents });
    const chargedBack = (amountCents: number, items: RefundedItem[], lossCents: number): OrderEvent => ({
      type: 'commerce.order-charged-back',
      data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_cb', amountCents, currency: 'CNY', items, lossCents },
    });
    const allBack = [
      { contentId: 'a', creatorId: 'creator-1', refundedCents: 9900, feeRefundedCents: 1980 },
      { contentId: 'b', creatorId: 'creator-2', refundedCents: 100, feeRefundedCents: 20 },
    ];
    const halfBack = [
      { contentId: 'a', creatorId: 'creator-1', refundedCents: 4950, feeRefundedCents: 990 },
      { contentId: 'b', creatorId: 'creator-2', refundedCents: 50, feeRefundedCents: 10 },
    ];
    const refundedHalf: OrderEvent = {
      type: 'commerce.order-refunded',
      data: { orderId: 'order-1', refundId: 'r1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_r1', amountCents: 5000, currency: 'CNY', items: halfBack, fullyRefunded: false },
    };

    it('reverses what was not refunded, like a refund, once', () => {
      given([placed, paid]).when(chargeback()).then([chargedBack(10_000, allBack, 0)]);
      given([placed, paid, chargedBack(10_000, allBack, 0)]).when(chargeback()).then([]);
      expect(foldEvents(orderDecider, [placed, paid, chargedBack(10_000, allBack, 0)])).toMatchObject({ status: 'charged_back', refunded: allBack });
    });
    it('books what the bank takes beyond what is left as a loss', () =>
      given([placed, paid, refundedHalf]).when(chargeback()).then([chargedBack(10_000, halfBack, 5000)]));
    it('waits for the payment it reverses, and refuses more than was captured, or nothing', () => {
      given([placed]).when(chargeback()).thenRefuses('COMMERCE.ORDER_NOT_PAID', 'conflict');
      given([]).when(chargeback()).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
      given([placed, paid]).when(chargeback(10_001)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
      given([placed, paid]).when(chargeback(0)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
    });
    it('ignores a payment success once charged back', () => {
      given([placed, paid, chargedBack(10_000, allBack, 0)]).when(confirm()).then([]);
      expect(foldEvents(orderDecider, [chargedBack(10_000, allBack, 0)])).toEqual({ status: 'none' });
    });
  });

  describe('RecordDisputeWon', () => {
    const won: OrderCommand = { type: 'RecordDisputeWon', providerEventId: 'evt_won' };
    const allBack = [
      { contentId: 'a', creatorId: 'creator-1', refundedCents: 9900, feeRefundedCents: 1980 },
      { contentId: 'b', creatorId: 'creator-2', refundedCents: 100, feeRefundedCents: 20 },
    ];
    const halfBack = [
      { contentId: 'a', creatorId: 'creator-1', refundedCents: 4950, feeRefundedCents: 990 },
      { contentId: 'b', creatorId: 'creator-2', refundedCents: 50, feeRefundedCents: 10 },
    ];
    const chargedBack = (items: RefundedItem[], lossCents: number): OrderEvent => ({
      type: 'commerce.order-charged-back',
      data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_cb', amountCents: 10_000, currency: 'CNY', items, lossCents },
    });
    const disputeWon = (items: RefundedItem[], lossCents: number, regranted: string[], orderStatus: 'paid' | 'partially_refunded' | 'refunded' = 'paid'): OrderEvent => ({
      type: 'commerce.order-dispute-won',
      data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_won', amountCents: 10_000, currency: 'CNY', items, lossCents, orderStatus, regranted },
    });
    const refunded = (amountCents: number, items: RefundedItem[], fullyRefunded: boolean): OrderEvent => ({
      type: 'commerce.order-refunded',
      data: { orderId: 'order-1', refundId: 'r1', buyerId: 'buyer-1', paymentId: 'pay_1', providerEventId: 'evt_r1', amountCents, currency: 'CNY', items, fullyRefunded },
    });

    it('reverses the chargeback exactly and gives the order its access back, once', () => {
      given([placed, paid, chargedBack(allBack, 0)]).when(won).then([disputeWon(allBack, 0, ['a', 'b'])]);
      given([placed, paid, chargedBack(allBack, 0), disputeWon(allBack, 0, ['a', 'b'])]).when(won).then([]);
      expect(foldEvents(orderDecider, [placed, paid, chargedBack(allBack, 0), disputeWon(allBack, 0, ['a', 'b'])])).toMatchObject({ status: 'paid', refunded: [], disputeWon: true });
    });
    it('gives back the loss too, and leaves a partly refunded order partly refunded', () => {
      const history = [placed, paid, refunded(5000, halfBack, false), chargedBack(halfBack, 5000)];
      given(history).when(won).then([disputeWon(halfBack, 5000, ['a', 'b'], 'partially_refunded')]);
      expect(foldEvents(orderDecider, [...history, disputeWon(halfBack, 5000, ['a', 'b'], 'partially_refunded')])).toMatchObject({ status: 'partially_refunded', refunded: halfBack });
    });
    it('gives no access back to an order refunded in full before its chargeback', () =>
      given([placed, paid, refunded(10_000, allBack, true), chargedBack([], 10_000)]).when(won).then([disputeWon([], 10_000, [], 'refunded')]));
    it('waits for the chargeback it reverses (refused until then), and refuses an order that does not exist', () => {
      given([placed, paid]).when(won).thenRefuses('COMMERCE.PAYMENT_NOT_CHARGED_BACK', 'conflict');
      given([placed]).when(won).thenRefuses('COMMERCE.PAYMENT_NOT_CHARGED_BACK', 'conflict');
      given([]).when(won).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
    });
    it('records no second chargeback of the same payment once the dispute is won', () =>
      given([placed, paid, chargedBack(allBack, 0), disputeWon(allBack, 0, ['a', 'b'])])
        .when({ type: 'RecordChargeback', providerEventId: 'evt_cb2', amountCents: 10_000 })
        .then([]));
    it('gives no access back for a paid question', () => {
      const question: OrderEvent = { ...paid, data: { ...paid.data, items: paidItems.map((each, i) => (i === 1 ? { ...each, kind: 'question' as const } : each)) } };
      given([placed, question, chargedBack(allBack, 0)]).when(won).then([disputeWon(allBack, 0, ['a'])]);
    });
  });

  describe('FailPayment', () => {
    it('fails a pending order once', () => {
      given([placed]).when(fail).then([failed]);
      given([placed, failed]).when(fail).then([]);
    });
    it('ignores a failure after the money arrived', () => given([placed, paid]).when(fail).then([]));
    it('refuses a failure for an order that does not exist', () => given([]).when(fail).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found'));
  });

  it('folds the lifecycle into the status', () => {
    expect(foldEvents(orderDecider, [])).toEqual({ status: 'none' });
    expect(foldEvents(orderDecider, [placed])).toMatchObject({ status: 'pending', latePaymentRecorded: false, totalCents: 10_000 });
    expect(foldEvents(orderDecider, [placed, paid])).toMatchObject({ status: 'paid' });
    expect(foldEvents(orderDecider, [placed, failed, latePayment()])).toMatchObject({ status: 'failed', latePaymentRecorded: true });
    const expired: OrderEvent = { type: 'commerce.order-expired', data: { orderId: 'order-1', paymentId: 'pay_1', expiredAt: DUE } };
    expect(foldEvents(orderDecider, [placed, expired])).toMatchObject({ status: 'expired' });
    expect(foldEvents(orderDecider, [expired])).toEqual({ status: 'none' });
    expect(foldEvents(orderDecider, [paid])).toEqual({ status: 'none' });
    expect(foldEvents(orderDecider, [failed])).toEqual({ status: 'none' });
    expect(foldEvents(orderDecider, [latePayment()])).toEqual({ status: 'none' });
    const refundDue: OrderEvent = {
      type: 'commerce.refund-due',
      data: { orderId: 'order-1', buyerId: 'buyer-1', paymentId: 'pay_1', reason: 'already-owned', amountCents: 100, currency: 'CNY', items: [paidItems[1]!] },
    };
    expect(foldEvents(orderDecider, [placed, paid, refundDue])).toEqual(foldEvents(orderDecider, [placed, paid]));
  });

  it('rounds the platform fee half up to the cent', () => {
    expect(platformFee(9900, 2000)).toBe(1980);
    expect(platformFee(1, 5000)).toBe(1); // 0.5 cent rounds up
    expect(platformFee(1, 4999)).toBe(0);
    expect(platformFee(12345, 0)).toBe(0);
  });
});
