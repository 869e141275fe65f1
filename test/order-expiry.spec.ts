import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

describe('orders nobody pays expire', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { ORDER_PAYMENT_WINDOW_MS: '1000' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  it('expires an unpaid order when its window closes (in the worker), frees its items, and owes back a payment that comes after', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 1500 });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.status).toBe(201);
    // The window is ORDER_PAYMENT_WINDOW_MS from placing (the two stamps come from two clocks: the app's and the database's).
    expect(Math.abs(Date.parse(order.body.payableUntil) - Date.parse(order.body.createdAt) - 1000)).toBeLessThan(250);

    const expired = await eventually(async () => {
      const view = await app.request('GET', `/api/v1/me/orders/${order.body.id}`, { token: learner.token });
      return view.body.status === 'expired' ? view.body : undefined;
    }, 15_000, 'the order to expire');
    expect(expired).toMatchObject({ status: 'expired', payableUntil: null, payment: { status: 'expired' } });
    const [event] = await app.sql(`SELECT metadata FROM events WHERE type = 'commerce.order-expired' AND stream_id = $1`, [`order-${order.body.id}`]);
    expect(event.metadata.requestId).toMatch(/^job-/); // run by the worker's billing queue

    // The items are free to order again, and the money of a late payment is owed back, not granted.
    const again = await placeOrder(app, learner, [contentId]);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(order.body.id);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 1500 })).status).toBe(200);
    const [due] = await app.sql(`SELECT reason, amount_cents::int AS amount FROM commerce_refunds_due WHERE order_id = $1`, [order.body.id]);
    expect(due).toEqual({ reason: 'late-payment', amount: 1500 });
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access).toBe('preview');

    // A paid order is never expired, however late the job runs.
    expect((await deliverWebhook(app, { paymentId: again.body.payment.id, amountCents: 1500 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const paid = await app.request('GET', `/api/v1/me/orders/${again.body.id}`, { token: learner.token });
    expect(paid.body.status).toBe('paid');
  });
});
