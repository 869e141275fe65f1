import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { projectionSpec, recorded } from '#platform/testing';
import type { LatePaymentReceived, OrderPaid, OrderPlaced, RefundDue } from '#commerce';
import { LedgerProjector } from '../libs/commerce/src/projections/ledger.projector.js';
import { OrdersProjector } from '../libs/commerce/src/projections/orders.projector.js';
import { RefundsDueProjector } from '../libs/commerce/src/projections/refunds-due.projector.js';
import { TestApp } from './support/test-app.js';

const buyer = '11111111-1111-4111-8111-111111111111';
const creator = '22222222-2222-4222-8222-222222222222';
const [orderA, orderB] = ['aaaaaaaa-0000-4000-8000-00000000000a', 'bbbbbbbb-0000-4000-8000-00000000000b'];
const [x, y] = ['cccccccc-0000-4000-8000-00000000000c', 'dddddddd-0000-4000-8000-00000000000d'];

const placed = (orderId: string, contentIds: string[]): OrderPlaced => ({
  type: 'commerce.order-placed',
  data: {
    orderId,
    buyerId: buyer,
    items: contentIds.map((contentId) => ({ contentId, creatorId: creator, title: contentId, priceCents: 500, currency: 'CNY', listPriceCents: 500 })),
    totalCents: 500 * contentIds.length,
    currency: 'CNY',
    paymentId: `pay_${orderId}`,
    provider: 'sandbox',
    payableUntil: null,
    coupon: null,
    bundle: null,
  },
});
const item = (contentId: string) => ({ contentId, creatorId: creator, priceCents: 500, platformFeeCents: 100 });
const paid: OrderPaid = {
  type: 'commerce.order-paid',
  data: { orderId: orderA, buyerId: buyer, paymentId: 'pay_a', providerEventId: 'evt_1', amountCents: 1000, currency: 'CNY', items: [item(x), item(y)] },
};
const refundDue: RefundDue = {
  type: 'commerce.refund-due',
  data: { orderId: orderA, buyerId: buyer, paymentId: 'pay_a', reason: 'already-owned', amountCents: 500, currency: 'CNY', items: [item(y)] },
};
const latePayment: LatePaymentReceived = {
  type: 'commerce.late-payment-received',
  data: { orderId: orderB, buyerId: buyer, paymentId: 'pay_b', providerEventId: 'evt_2', amountCents: 700, currency: 'CNY', contentIds: [x] },
};

describe('commerce projections', () => {
  let app: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    app = await TestApp.start();
    dataSource = app.api.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
  });

  const balances = `SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 GROUP BY account ORDER BY account`;

  it('posts a payment and the refund due for an item already held as two balanced entries that leave it owed to the buyer', () =>
    projectionSpec(dataSource, new LedgerProjector(app.config))
      .given([recorded(paid), recorded(refundDue)])
      .then(balances, [orderA], [
        { account: 'assets:psp-clearing:sandbox', cents: 1000 },
        { account: `liabilities:creator-payable:${creator}`, cents: -400 },
        { account: `liabilities:refunds-payable:${buyer}`, cents: -500 },
        { account: 'revenue:platform-fees', cents: -100 },
      ]));

  it('posts a late payment as money held for the buyer, and lists both kinds of refund due', async () => {
    await projectionSpec(dataSource, new LedgerProjector(app.config))
      .given([recorded(latePayment)])
      .then(balances, [orderB], [
        { account: 'assets:psp-clearing:sandbox', cents: 700 },
        { account: `liabilities:refunds-payable:${buyer}`, cents: -700 },
      ]);
    await projectionSpec(dataSource, new RefundsDueProjector())
      .given([recorded(refundDue), recorded(latePayment)])
      .then(`SELECT order_id, reason, amount_cents::int AS cents, content_ids::text[] AS content_ids FROM commerce_refunds_due ORDER BY reason`, [], [
        { order_id: orderA, reason: 'already-owned', cents: 500, content_ids: [y] },
        { order_id: orderB, reason: 'late-payment', cents: 700, content_ids: [x] },
      ]);
  });

  it('refuses a second unpaid order for an item, and frees the item once the first is paid', async () => {
    const orders = projectionSpec(dataSource, new OrdersProjector());
    await orders.given([recorded(placed(orderA, [x, y])), recorded(placed(orderB, [y]))]).thenRefuses('COMMERCE.ORDER_PENDING');
    await orders
      .given([recorded(placed(orderA, [x, y])), recorded(paid), recorded(placed(orderB, [y]))])
      .then(`SELECT content_id, order_id FROM commerce_open_order_items WHERE buyer_id = $1`, [buyer], [{ content_id: y, order_id: orderB }]);
  });
});
