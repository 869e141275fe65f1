import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder, publishContent } from './support/journeys.js';
import { type FakeDispute, type FakePaymentIntent, FakeStripe } from './support/fake-stripe.js';
import { TestApp, type TestUser } from './support/test-app.js';

/**
 * Disputes won (申诉成功): Stripe's charge.dispute.closed with status won, after (or before) the
 * charge.dispute.created that recorded the chargeback, told by signed notifications.
 */
describe('disputes won', () => {
  let stripe: FakeStripe;
  let app: TestApp;
  let creator: TestUser;
  let finance: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    stripe = await FakeStripe.start();
    app = await TestApp.start({ env: { ...stripe.env(), EARNINGS_HOLD_DAYS: '0' } });
    creator = await app.user('creator', ['creator']);
    finance = await app.user('finance', ['finance']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  const notify = (notification: { payload: string; signature: string }) =>
    app.request('POST', '/api/v1/webhooks/payments/stripe', {
      rawBody: notification.payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': notification.signature },
    });
  const access = async (user: TestUser, contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: user.token })).body.access;
  const balanced = async () => (await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body.balanced;
  const available = async () => (await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body.balances[0]?.availableCents ?? 0;
  const clearing = async (...transactions: string[]) =>
    (await app.sql(`SELECT coalesce(sum(amount_cents), 0)::int AS cents FROM commerce_ledger_lines WHERE transaction_id = ANY($1) AND account = 'assets:psp-clearing:stripe'`, [transactions]))[0].cents;
  const count = async (type: string, streamId: string) =>
    (await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = $1 AND stream_id = $2`, [type, streamId]))[0].n;
  const won = (dispute: FakeDispute) => {
    stripe.winDispute(dispute);
    return stripe.notification('charge.dispute.closed', dispute);
  };
  /** Ten deliveries of one notification at once: all acknowledged, one applied. */
  const tenTimes = async (notification: { payload: string; signature: string }) => {
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => notify(notification)));
    expect(deliveries.map((response) => response.status)).toEqual(Array(10).fill(200));
    return deliveries.filter((response) => !response.body.duplicate && response.body.status === 'processed').length;
  };

  /** A learner's order of a 50.00 item, paid at Stripe. */
  const paidOrder = async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const learner = await app.user('learner');
    const order = (await placeOrder(app, learner, [contentId])).body;
    expect((await app.request('POST', `/api/v1/me/orders/${order.id}/checkout`, { token: learner.token })).status).toBe(200);
    const intent = stripe.intentFor(order.payment.id)!;
    return { contentId, learner, order, intent, paid: stripe.notification('payment_intent.succeeded', stripe.pay(intent)) };
  };
  type Month = { month: string; currency: string; earnedCents: number; refundedCents: number; paidOutCents: number };
  const thisMonth = async () =>
    ((await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body.periods as Month[]).find(
      (period) => period.month === new Date().toISOString().slice(0, 7) && period.currency === 'CNY',
    )!;
  const orderOf = async (learner: TestUser, id: string) => (await app.request('GET', `/api/v1/me/orders/${id}`, { token: learner.token })).body;
  const grantsOf = (orderId: string) =>
    app.sql(`SELECT source_type, revoked_at IS NOT NULL AS revoked FROM commerce_access_grants WHERE source_id = $1 ORDER BY granted_at`, [orderId]);

  it('gives an order its money and access back once, as new postings and grants, however often Stripe says so', async () => {
    const { contentId, learner, order, intent, paid } = await paidOrder();
    expect((await notify(paid)).body.status).toBe('processed');
    const before = await available();
    const monthBefore = await thisMonth();
    const dispute = stripe.dispute(intent);
    expect((await notify(stripe.notification('charge.dispute.created', dispute))).body.status).toBe('processed');
    expect(await access(learner, contentId)).toBe('preview');
    expect(await available()).toBe(before - 4000);
    expect(await thisMonth()).toEqual({ ...monthBefore, refundedCents: monthBefore.refundedCents + 4000 });

    const closed = won(dispute);
    expect(await tenTimes(closed)).toBe(1);
    // The same win told again under another event id changes nothing either.
    expect((await notify(stripe.notification('charge.dispute.closed', dispute))).body).toMatchObject({ status: 'processed' });
    expect(await count('commerce.order-dispute-won', `order-${order.id}`)).toBe(1);

    expect(await access(learner, contentId)).toBe('full');
    expect(await grantsOf(order.id)).toEqual([
      { source_type: 'order-item', revoked: true },
      { source_type: 'order-reinstated', revoked: false },
    ]);
    const view = await orderOf(learner, order.id);
    expect(view).toMatchObject({ status: 'paid', payment: { status: 'succeeded', disputeWonAt: expect.any(String) } });
    // The chargeback's lines stay; a new posting reverses them: Stripe holds the 50.00 again.
    expect(await clearing(`order-paid:${order.id}`, `chargeback:${order.id}`, `chargeback:${order.id}:won`)).toBe(5000);
    expect(await available()).toBe(before);
    // The month's figures: the win undoes what the chargeback took back; it is not a second sale.
    expect(await thisMonth()).toEqual(monthBefore);
    const statement = (await app.request('GET', '/api/v1/creator/earnings/statement', { token: creator.token })).body.items;
    expect(statement[0]).toMatchObject({ kind: 'dispute-won', transactionId: `chargeback:${order.id}:won`, amountCents: 4000, orderId: order.id });
    expect(await balanced()).toBe(true);

    // The same dispute opened again (another event id) takes nothing back a second time.
    expect((await notify(stripe.notification('charge.dispute.created', dispute))).body.status).toBe('processed');
    expect(await access(learner, contentId)).toBe('full');
    expect(await count('commerce.order-charged-back', `order-${order.id}`)).toBe(1);
  });

  it('applies a win that came before its chargeback, and its chargeback before the payment, in their order', async () => {
    const { contentId, learner, order, intent, paid } = await paidOrder();
    const dispute = stripe.dispute(intent);
    const created = stripe.notification('charge.dispute.created', dispute);
    const closed = won(dispute);
    expect((await notify(closed)).body.status).toBe('deferred');
    expect((await notify(created)).body.status).toBe('deferred');
    expect(await access(learner, contentId)).toBe('preview');
    expect((await notify(paid)).body.status).toBe('processed');

    expect(await access(learner, contentId)).toBe('full');
    expect(await orderOf(learner, order.id)).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
    const inbox = await app.sql(`SELECT status, count(*)::int AS n FROM commerce_webhook_events WHERE object_id = $1 GROUP BY status`, [order.payment.id]);
    expect(inbox).toEqual([{ status: 'processed', n: 3 }]);
    expect(await count('commerce.order-charged-back', `order-${order.id}`)).toBe(1);
    expect(await count('commerce.order-dispute-won', `order-${order.id}`)).toBe(1);
    expect(await clearing(`order-paid:${order.id}`, `chargeback:${order.id}`, `chargeback:${order.id}:won`)).toBe(5000);
    // Redelivered after all that, each is a duplicate.
    for (const notification of [closed, created, paid]) expect((await notify(notification)).body.duplicate).toBe(true);
    expect(await balanced()).toBe(true);
  });

  it('changes nothing more when the dispute is lost', async () => {
    const { contentId, learner, order, intent, paid } = await paidOrder();
    await notify(paid);
    const dispute = stripe.dispute(intent);
    await notify(stripe.notification('charge.dispute.created', dispute));
    const lost = await notify(stripe.notification('charge.dispute.closed', { ...dispute, status: 'lost' }));
    expect(lost.body).toEqual({ received: true, duplicate: false, status: 'ignored' });
    expect(await access(learner, contentId)).toBe('preview');
    expect(await orderOf(learner, order.id)).toMatchObject({ status: 'charged_back', payment: { status: 'charged_back', disputeWonAt: null } });
    expect(await clearing(`order-paid:${order.id}`, `chargeback:${order.id}`, `chargeback:${order.id}:won`)).toBe(0);
  });

  const subscriptionOf = async (member: TestUser, id: string) => (await app.request('GET', `/api/v1/me/subscriptions/${id}`, { token: member.token })).body;
  /** A member of the creator's 9.90 monthly plan whose first charge is opened at Stripe. */
  const member = async () => {
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '创作者月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(plan.status).toBe(201);
    const user = await app.user('member');
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: user.token, body: { planId: plan.body.planId } })).body;
    await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/checkout`, { token: user.token });
    const paymentId = subscription.openPayment.paymentId as string;
    return { user, subscriptionId: subscription.subscriptionId as string, paymentId, intent: stripe.intentFor(paymentId)! as FakePaymentIntent };
  };
  const paymentOf = async (user: TestUser, subscriptionId: string, paymentId: string) =>
    (await subscriptionOf(user, subscriptionId)).payments.find((payment: { paymentId: string }) => payment.paymentId === paymentId);

  it('brings a membership a chargeback ended back to the time it paid for, canceled, once', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const { user, subscriptionId, paymentId, intent } = await member();
    expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)))).body.status).toBe('processed');
    const { paidUntil } = await subscriptionOf(user, subscriptionId);
    const dispute = stripe.dispute(intent);
    expect((await notify(stripe.notification('charge.dispute.created', dispute))).body.status).toBe('processed');
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'expired' });
    expect(await paymentOf(user, subscriptionId, paymentId)).toMatchObject({ status: 'charged_back', chargedBackCents: 990, disputeWonAt: null });
    expect(await access(user, contentId)).toBe('preview');

    expect(await tenTimes(won(dispute))).toBe(1);
    expect(await count('commerce.subscription-dispute-won', `subscription-${subscriptionId}`)).toBe(1);
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'active', canceled: true, paidUntil, accessUntil: paidUntil });
    expect(await paymentOf(user, subscriptionId, paymentId)).toMatchObject({ status: 'paid', chargedBackCents: null, disputeWonAt: expect.any(String) });
    expect(await access(user, contentId)).toBe('full');
    // It renews if the member wants it to.
    expect((await app.request('POST', `/api/v1/me/subscriptions/${subscriptionId}/resume`, { token: user.token })).status).toBe(200);
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'active', canceled: false });

    expect(await clearing(`membership:${paymentId}`, `chargeback:${paymentId}`, `chargeback:${paymentId}:won`)).toBe(990);
    const statement = (await app.request('GET', '/api/v1/creator/earnings/statement', { token: creator.token })).body.items;
    expect(statement[0]).toMatchObject({ kind: 'dispute-won', transactionId: `chargeback:${paymentId}:won`, amountCents: 990 - 198 });
    expect(await balanced()).toBe(true);
  });

  it('applies a membership win that came before its chargeback once the chargeback comes', async () => {
    const { user, subscriptionId, paymentId, intent } = await member();
    await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)));
    const dispute = stripe.dispute(intent);
    const created = stripe.notification('charge.dispute.created', dispute);
    expect((await notify(won(dispute))).body.status).toBe('deferred');
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'active', canceled: false });
    expect(await tenTimes(created)).toBe(1);
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'active', canceled: true });
    expect(await paymentOf(user, subscriptionId, paymentId)).toMatchObject({ status: 'paid', disputeWonAt: expect.any(String) });
    expect(await count('commerce.subscription-dispute-won', `subscription-${subscriptionId}`)).toBe(1);
    expect(await clearing(`membership:${paymentId}`, `chargeback:${paymentId}`, `chargeback:${paymentId}:won`)).toBe(990);
    expect(await balanced()).toBe(true);
  });

  it('takes a late membership payment the bank returned off what is owed back, and owes it again when the dispute is won', async () => {
    const { user, subscriptionId, paymentId, intent } = await member();
    // Canceled before paying: the payment that goes through after is owed back.
    expect((await app.request('POST', `/api/v1/me/subscriptions/${subscriptionId}/cancel`, { token: user.token })).status).toBe(200);
    expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)))).body.status).toBe('processed');
    const owed = async () =>
      (await app.request('GET', '/api/v1/admin/finance/refunds-due?limit=100', { token: finance.token })).body.items.filter((due: { paymentId: string }) => due.paymentId === paymentId);
    expect(await owed()).toMatchObject([{ reason: 'late-subscription-payment', amountCents: 990 }]);
    const refundsPayable = async () =>
      (await app.sql(`SELECT coalesce(sum(amount_cents), 0)::int AS cents FROM commerce_ledger_lines WHERE account = $1`, [`liabilities:refunds-payable:${user.id}`]))[0].cents;
    expect(await refundsPayable()).toBe(-990);

    const dispute = stripe.dispute(intent);
    expect(await tenTimes(stripe.notification('charge.dispute.created', dispute))).toBe(1);
    expect(await paymentOf(user, subscriptionId, paymentId)).toMatchObject({ status: 'charged_back', chargedBackCents: 990 });
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'expired' });
    expect(await owed()).toEqual([]);
    expect(await refundsPayable()).toBe(0);
    expect(await clearing(`late-membership-payment:${paymentId}`, `chargeback:${paymentId}`)).toBe(0);

    expect(await tenTimes(won(dispute))).toBe(1);
    expect(await paymentOf(user, subscriptionId, paymentId)).toMatchObject({ status: 'owed-back', disputeWonAt: expect.any(String) });
    expect(await subscriptionOf(user, subscriptionId)).toMatchObject({ status: 'expired' });
    expect(await owed()).toMatchObject([{ amountCents: 990 }]);
    expect(await refundsPayable()).toBe(-990);
    expect(await balanced()).toBe(true);
  });
});
