import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

/** How many answers of each `status code` there were, e.g. `{ '201 ': 1, '409 COMMERCE.REFUND_IN_PROGRESS': 29 }`. */
const tally = (answers: { status: number; body: { code?: string } }[]) => {
  const counts: Record<string, number> = {};
  for (const { status, body } of answers) counts[`${status} ${body?.code ?? ''}`.trim()] = (counts[`${status} ${body?.code ?? ''}`.trim()] ?? 0) + 1;
  return counts;
};
const thirty = <T>(request: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 30 }, (_, i) => request(i)));

/**
 * Every POST that moves money, sent 30 times at once as an attacker (or a frantic double-clicker)
 * would, with one Idempotency-Key and with 30: what the money and the access are afterwards, and
 * that nobody is told "the record moved" (EVENT_STORE.VERSION_CONFLICT) for a decision the server can redo.
 */
describe('money-moving requests sent 30 times at once', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ env: { EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '1000' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const balanced = async () => (await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body.balanced;
  const grantsOf = async (user: TestUser) =>
    (await app.sql(`SELECT content_id::text AS "contentId" FROM commerce_access_grants WHERE user_id = $1 AND revoked_at IS NULL ORDER BY content_id`, [user.id])).map(
      (row: { contentId: string }) => row.contentId,
    );
  const saleLinesOf = (orderId: string) => app.sql(`SELECT count(DISTINCT transaction_id)::int AS n FROM commerce_ledger_lines WHERE order_id = $1`, [orderId]);
  const paidOrder = async (name: string, priceCents = 5000) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user(name);
    const order = (await placeOrder(app, learner, [contentId])).body as { id: string; payment: { id: string } };
    expect((await deliverWebhook(app, { paymentId: order.payment.id, amountCents: priceCents })).status).toBe(200);
    return { learner, contentId, order };
  };

  it('places one order, charged once and granted once, for 30 orders of one item (one key, or a key each)', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const learner = await app.user('one-key');
    const key = randomUUID();
    const sameKey = await thirty(() => placeOrder(app, learner, [item], key));
    // One runs; the others are told it is running (409) or, once it is done, given its answer again (201).
    expect(sameKey.every((answer) => answer.status === 201 || answer.body.code === 'IDEMPOTENCY.IN_FLIGHT')).toBe(true);
    expect(new Set(sameKey.filter((answer) => answer.status === 201).map((answer) => answer.body.id)).size).toBe(1);
    const other = await app.user('many-keys');
    const manyKeys = await thirty(() => placeOrder(app, other, [item]));
    expect(tally(manyKeys)).toEqual({ '201': 1, '200': 29 }); // 200: "you have this order open already", the same one
    expect(new Set(manyKeys.map((answer) => answer.body.id)).size).toBe(1);

    for (const [buyer, answers] of [[learner, sameKey], [other, manyKeys]] as const) {
      const order = answers.find((answer) => answer.status === 201)!.body;
      expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_orders WHERE buyer_id = $1`, [buyer.id])).toEqual([{ n: 1 }]);
      expect((await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 5000 })).status).toBe(200);
      expect(await grantsOf(buyer)).toEqual([item]);
      expect(await saleLinesOf(order.id)).toEqual([{ n: 1 }]);
    }
    expect(await balanced()).toBe(true);
  });

  it('sells a bundle once to 30 taps with a key each: one order, one charge, each item granted once', async () => {
    const items = [await publishContent(app, creator, moderatorToken, { priceCents: 6000 }), await publishContent(app, creator, moderatorToken, { priceCents: 4000 })];
    const bundle = await app.request('POST', '/api/v1/bundles', {
      token: creator.token,
      body: { title: '双课联报', contentIds: items, priceCents: 8000, currency: 'CNY' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const learner = await app.user('bundle-taps');
    const taps = await thirty(() =>
      app.request('POST', '/api/v1/orders', { token: learner.token, body: { bundleId: bundle.body.bundleId }, headers: { 'idempotency-key': randomUUID() } }),
    );
    expect(tally(taps)).toEqual({ '201': 1, '200': 29 });
    const order = taps.find((tap) => tap.status === 201)!.body;
    expect(new Set(taps.map((tap) => tap.body.id))).toEqual(new Set([order.id]));
    expect((await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 8000 })).status).toBe(200);
    expect(await grantsOf(learner)).toEqual([...items].sort());
    const [sold] = await app.sql(`SELECT count(*)::int AS orders, sum(total_cents)::int AS cents FROM commerce_orders WHERE buyer_id = $1`, [learner.id]);
    expect(sold).toEqual({ orders: 1, cents: 8000 });
    expect(await balanced()).toBe(true);
  });

  it('opens one membership with one charge for 30 subscribes and 30 checkouts at once', async () => {
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '全部课程月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const member = await app.user('member-taps');
    const subscribes = await thirty(() => app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } }));
    expect(tally(subscribes)).toEqual({ '201': 1, '200': 29 });
    const subscriptionId = subscribes[0]!.body.subscriptionId;
    expect(new Set(subscribes.map((answer) => answer.body.subscriptionId))).toEqual(new Set([subscriptionId]));
    const checkouts = await thirty(() => app.request('POST', `/api/v1/me/subscriptions/${subscriptionId}/checkout`, { token: member.token }));
    expect(tally(checkouts)).toEqual({ '200': 30 });
    expect(new Set(checkouts.map((answer) => answer.body.paymentId ?? JSON.stringify(answer.body))).size).toBe(1);
    const charges = await app.sql(`SELECT payment_id FROM commerce_subscription_payments WHERE subscription_id = $1`, [subscriptionId]);
    expect(charges).toHaveLength(1);
    expect((await deliverWebhook(app, { paymentId: charges[0].payment_id, amountCents: 990 })).status).toBe(200);
    // One charge, booked once: the member paid 990 and the creator is owed their share of it, once.
    expect(await app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE transaction_id LIKE 'membership:%' AND account LIKE 'liabilities:creator-payable:%' GROUP BY account`)).toEqual([
      { account: `liabilities:creator-payable:${creator.id}`, cents: -792 },
    ]);
    expect((await app.request('GET', `/api/v1/me/subscriptions/${subscriptionId}`, { token: member.token })).body.status).toBe('active');
    expect(await balanced()).toBe(true);
  });

  it('takes 30 refund requests of one order as one, and 30 approvals of it as one: paid back once, access taken once', async () => {
    const { learner, contentId, order } = await paidOrder('refund-taps');
    const asked = await thirty(() =>
      app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, { token: learner.token, body: { reason: '重复购买' }, headers: { 'idempotency-key': randomUUID() } }),
    );
    expect(tally(asked)).toEqual({ '201': 1, '409 COMMERCE.REFUND_IN_PROGRESS': 29 });
    const refundId = asked.find((answer) => answer.status === 201)!.body.refundId;
    const approvals = await thirty(() => app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/approve`, { token: finance.token, body: {} }));
    expect(tally(approvals)).toEqual({ '200': 30 });
    expect(await app.sql(`SELECT status, approved_cents::int AS cents FROM commerce_refunds WHERE order_id = $1`, [order.id])).toEqual([{ status: 'approved', cents: 5000 }]);
    expect((await deliverWebhook(app, { type: 'refund.succeeded', paymentId: order.payment.id, refundId, amountCents: 5000 })).status).toBe(200);
    expect(await grantsOf(learner)).toEqual([]);
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access).toBe('preview');
    // What the sale moved is moved back exactly once: every account of the order nets to nothing.
    expect(await app.sql(`SELECT account FROM commerce_ledger_lines WHERE order_id = $1 GROUP BY account HAVING sum(amount_cents) <> 0`, [order.id])).toEqual([]);
    expect(await balanced()).toBe(true);
  });

  it('decides a refund one way when 15 approvals and 15 rejections of it arrive at once: the losers hear it was decided', async () => {
    const { learner, contentId, order } = await paidOrder('refund-split');
    const refundId = (
      await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, { token: learner.token, body: { reason: '买错了' }, headers: { 'idempotency-key': randomUUID() } })
    ).body.refundId;
    const answers = await thirty((i) =>
      app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/${i % 2 ? 'approve' : 'reject'}`, { token: finance.token, body: i % 2 ? {} : { reason: '已超过学习进度' } }),
    );
    const [{ status }] = await app.sql(`SELECT status FROM commerce_refunds WHERE refund_id = $1`, [refundId]);
    const winner = status === 'approved' ? 'approve' : 'reject';
    expect(['approved', 'rejected']).toContain(status);
    // The 15 of the winning kind are 200 (the first decided it, the rest find it so); the 15 others are refused.
    expect(tally(answers)).toEqual({ '200': 15, '409 COMMERCE.REFUND_NOT_PENDING': 15 });
    expect(answers.filter((answer) => answer.status === 200).every((answer) => answer.body.status === `${winner === 'approve' ? 'approved' : 'rejected'}`)).toBe(true);
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type IN ('commerce.refund-approved', 'commerce.refund-rejected') AND data->>'refundId' = $1`, [refundId])).toEqual([{ n: 1 }]);
    // Nothing was paid back yet either way: the buyer still reads what they bought, and the ledger is untouched.
    expect(await grantsOf(learner)).toEqual([contentId]);
    expect(await app.sql(`SELECT count(DISTINCT transaction_id)::int AS n FROM commerce_ledger_lines WHERE order_id = $1`, [order.id])).toEqual([{ n: 1 }]);
  });

  it('opens one payment at the provider for 30 checkouts of one order at once', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 2500 });
    const learner = await app.user('checkout-taps');
    const order = (await placeOrder(app, learner, [item])).body;
    const checkouts = await thirty(() => app.request('POST', `/api/v1/me/orders/${order.id}/checkout`, { token: learner.token, body: {} }));
    expect(tally(checkouts)).toEqual({ '200': 30 });
    expect(new Set(checkouts.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect((await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 2500 })).status).toBe(200);
    expect(await grantsOf(learner)).toEqual([item]);
    expect(await saleLinesOf(order.id)).toEqual([{ n: 1 }]);
  });

  it('pays out what is available and no more to 30 payout requests at once; 30 approvals of one payout approve it once', async () => {
    const payee = await app.user('payee', ['creator']);
    const contentId = await publishContent(app, payee, moderatorToken, { priceCents: 10_000 });
    const order = (await placeOrder(app, await app.user('payee-buyer'), [contentId])).body;
    await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 10_000 });
    const earnings = async () => (await app.request('GET', '/api/v1/creator/earnings', { token: payee.token })).body.balances[0];
    expect(await earnings()).toMatchObject({ availableCents: 8000 });
    const ask = (key = randomUUID()) =>
      app.request('POST', '/api/v1/creator/payouts', { token: payee.token, body: { amountCents: 1000, currency: 'CNY' }, headers: { 'idempotency-key': key } });

    const key = randomUUID();
    const sameKey = await thirty(() => ask(key));
    expect(sameKey.every((answer) => answer.status === 201 || answer.body.code === 'IDEMPOTENCY.IN_FLIGHT')).toBe(true);
    expect(new Set(sameKey.filter((answer) => answer.status === 201).map((answer) => answer.body.payoutId)).size).toBe(1);
    const manyKeys = await thirty(() => ask());
    expect(tally(manyKeys)).toEqual({ '201': 7, '422 COMMERCE.PAYOUT_EXCEEDS_AVAILABLE': 23 });
    expect(await earnings()).toMatchObject({ availableCents: 0, payoutsInProgressCents: 8000 });
    expect(await app.sql(`SELECT count(*)::int AS n, sum(amount_cents)::int AS cents FROM commerce_payouts WHERE creator_id = $1`, [payee.id])).toEqual([{ n: 8, cents: 8000 }]);

    const payoutId = sameKey.find((answer) => answer.status === 201)!.body.payoutId;
    const approvals = await thirty(() => app.request('POST', `/api/v1/admin/finance/payouts/${payoutId}/approve`, { token: finance.token, body: {} }));
    expect(tally(approvals)).toEqual({ '200': 30 });
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'commerce.payout-approved' AND data->>'payoutId' = $1`, [payoutId])).toEqual([{ n: 1 }]);
    expect((await deliverWebhook(app, { type: 'payout.paid', payoutId, amountCents: 0 })).status).toBe(200);
    expect(await earnings()).toMatchObject({ availableCents: 0, payoutsInProgressCents: 7000, paidCents: 1000 });
    expect(await balanced()).toBe(true);
  });
});
