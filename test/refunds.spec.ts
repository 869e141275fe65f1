import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('refunds: asked, decided, paid back, and access and money follow', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  /** A learner who paid for one item of `priceCents`. */
  const paidOrder = async (name: string, priceCents = 9900) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user(name);
    const order = await placeOrder(app, learner, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: priceCents })).status).toBe(200);
    return { learner, contentId, order: order.body as { id: string; payment: { id: string } } };
  };
  const ask = (learner: TestUser, orderId: string, body: object, key = randomUUID()) =>
    app.request('POST', `/api/v1/me/orders/${orderId}/refunds`, { token: learner.token, body, headers: { 'idempotency-key': key } });
  const decide = (refundId: string, verb: 'approve' | 'reject', body: object = {}, token = finance.token) =>
    app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/${verb}`, { token, body });
  const providerRefunds = (paymentId: string, refundId: string, amountCents: number, id?: string) =>
    deliverWebhook(app, { type: 'refund.succeeded', paymentId, amountCents, refundId, id });
  const access = async (learner: TestUser, contentId: string) =>
    (await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access;
  const orderOf = async (learner: TestUser, orderId: string) => (await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: learner.token })).body;
  const ledgerOf = (orderId: string) =>
    app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 GROUP BY account HAVING sum(amount_cents) <> 0 ORDER BY account`, [
      orderId,
    ]);

  it('takes five full refunds asked at once under different keys as one: the others hear a refund is under way, not that the record moved', async () => {
    const { learner, order } = await paidOrder('five-at-once');
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask(learner, order.id, { reason: '重复购买' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const refused = answers.filter((answer) => answer.status === 409);
    const accepted = answers.find((answer) => answer.status === 201)!;
    for (const answer of refused) {
      expect([answer.headers['content-type'], answer.body.code]).toEqual([expect.stringContaining('application/problem+json'), 'COMMERCE.REFUND_IN_PROGRESS']);
    }
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM commerce_refunds WHERE order_id = $1`, [order.id]);
    expect(n).toBe(1);
    expect((await orderOf(learner, order.id)).status).toBe('paid');
    expect(accepted.body).toMatchObject({ status: 'requested', requestedCents: 9900 });
  });

  it('pays back a full refund once the provider confirms it: access ends, the ledger returns to nothing', async () => {
    const { learner, contentId, order } = await paidOrder('full');
    const asked = await ask(learner, order.id, { reason: '内容与介绍不符' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ orderId: order.id, status: 'requested', requestedCents: 9900, currency: 'CNY', reason: '内容与介绍不符' });
    const refundId = asked.body.refundId as string;

    const queue = await app.request('GET', '/api/v1/admin/finance/refunds?status=requested', { token: finance.token });
    expect(queue.body.items.map((item: { refundId: string }) => item.refundId)).toContain(refundId);
    expect((await decide(refundId, 'approve', {}, learner.token)).status).toBe(403);

    const approved = await decide(refundId, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedCents: 9900 });
    expect(await access(learner, contentId)).toBe('full'); // nothing has moved yet

    const confirmed = await providerRefunds(order.payment.id, refundId, 9900);
    expect(confirmed.body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect(await orderOf(learner, order.id)).toMatchObject({ status: 'refunded', refundedCents: 9900 });
    expect(await access(learner, contentId)).toBe('preview');
    expect(await ledgerOf(order.id)).toEqual([]); // every account this order touched is back to zero
    const mine = await app.request('GET', '/api/v1/me/refunds', { token: learner.token });
    expect(mine.body.items).toEqual([expect.objectContaining({ refundId, status: 'refunded', refundedCents: 9900 })]);
    const balance = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token });
    expect(balance.body).toMatchObject({ balanced: true, unbalancedTransactions: [] });
  });

  it('keeps access after a partial refund, and ends it when the rest is refunded too', async () => {
    const { learner, contentId, order } = await paidOrder('partial', 1000);
    const first = await ask(learner, order.id, { reason: 'one lesson was missing', amountCents: 300 });
    await decide(first.body.refundId, 'approve');
    await providerRefunds(order.payment.id, first.body.refundId, 300);
    expect(await orderOf(learner, order.id)).toMatchObject({ status: 'partially_refunded', refundedCents: 300 });
    expect(await access(learner, contentId)).toBe('full');

    const tooMuch = await ask(learner, order.id, { reason: 'more', amountCents: 701 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('COMMERCE.REFUND_EXCEEDS_PAYMENT');
    const rest = await ask(learner, order.id, { reason: 'the rest' });
    expect(rest.body.requestedCents).toBe(700);
    await decide(rest.body.refundId, 'approve');
    await providerRefunds(order.payment.id, rest.body.refundId, 700);
    expect(await orderOf(learner, order.id)).toMatchObject({ status: 'refunded', refundedCents: 1000 });
    expect(await access(learner, contentId)).toBe('preview');
    expect(await ledgerOf(order.id)).toEqual([]);
  });

  it('lets finance reject with a reason, and refuses what cannot be refunded', async () => {
    const { learner, order } = await paidOrder('rejected');
    const asked = await ask(learner, order.id, { reason: 'changed my mind' });
    const rejected = await decide(asked.body.refundId, 'reject', { reason: 'more than half was studied' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewReason: 'more than half was studied' });
    expect((await decide(asked.body.refundId, 'approve')).body.code).toBe('COMMERCE.REFUND_NOT_PENDING');
    expect((await decide(randomUUID(), 'approve')).status).toBe(404);

    const stranger = await app.user('stranger');
    const notMine = await ask(stranger, order.id, { reason: 'mine?' });
    expect({ status: notMine.status, code: notMine.body.code }).toEqual({ status: 404, code: 'COMMERCE.ORDER_NOT_FOUND' });

    const unpaid = await placeOrder(app, stranger, [await publishContent(app, creator, moderatorToken)]);
    expect((await ask(stranger, unpaid.body.id, { reason: 'never paid' })).body.code).toBe('COMMERCE.ORDER_NOT_PAID');

    await app.sql(`UPDATE commerce_orders SET paid_at = now() - interval '8 days' WHERE id = $1`, [order.id]);
    const late = await ask(learner, order.id, { reason: 'too late?' });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'COMMERCE.REFUND_WINDOW_CLOSED' });
  });

  it('never pays back more than was captured, whatever arrives at once', async () => {
    const { learner, order } = await paidOrder('racing', 1000);
    const asked = await ask(learner, order.id, { reason: 'race' });
    const approvals = await Promise.all(Array.from({ length: 20 }, () => decide(asked.body.refundId, 'approve')));
    expect(approvals.map((r) => r.status)).toEqual(Array(20).fill(200));

    // The provider reports ten refunds of 300 made at its end, at the same moment: at most three fit.
    const reported = await Promise.all(Array.from({ length: 10 }, (_, i) => providerRefunds(order.payment.id, `re_provider_${i}`, 300)));
    const [{ refunded }] = await app.sql(`SELECT refunded_cents::int AS refunded FROM commerce_orders WHERE id = $1`, [order.id]);
    expect(refunded).toBeLessThanOrEqual(1000);
    expect(reported.filter((r) => r.status === 200).length).toBe(refunded / 300);
    const [{ total }] = await app.sql(
      `SELECT coalesce(sum((data->>'amountCents')::int), 0)::int AS total FROM events WHERE type = 'commerce.order-refunded' AND stream_id = $1`,
      [`order-${order.id}`],
    );
    expect(total).toBe(refunded);
  });

  it('applies a refund that arrives before its payment once the payment does, and keeps events of types it does not know', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 2000 });
    const learner = await app.user('shuffled');
    const order = await placeOrder(app, learner, [contentId]);
    const refund = await providerRefunds(order.body.payment.id, 're_early', 2000, 'evt_early_refund');
    expect(refund.body).toEqual({ received: true, duplicate: false, status: 'deferred' });
    const unknown = await deliverWebhook(app, { type: 'charge.dispute_created', paymentId: order.body.payment.id, amountCents: 2000 });
    expect(unknown.body).toEqual({ received: true, duplicate: false, status: 'ignored' });

    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 2000 })).body.status).toBe('processed');
    expect(await orderOf(learner, order.body.id)).toMatchObject({ status: 'refunded', refundedCents: 2000 });
    expect(await access(learner, contentId)).toBe('preview');
    const inbox = await app.sql(`SELECT type, status FROM commerce_webhook_events WHERE object_id = $1 ORDER BY received_at`, [order.body.payment.id]);
    expect(inbox).toEqual([
      { type: 'refund.succeeded', status: 'processed' },
      { type: 'charge.dispute_created', status: 'ignored' },
      { type: 'payment.succeeded', status: 'processed' },
    ]);
    // A redelivery of the early refund changes nothing.
    const again = await providerRefunds(order.body.payment.id, 're_early', 2000, 'evt_early_refund');
    expect(again.body).toEqual({ received: true, duplicate: true, status: 'processed' });
    expect(await ledgerOf(order.body.id)).toEqual([]);
  });
});
