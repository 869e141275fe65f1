import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishContent } from './support/journeys.js';
import { FakeStripe } from './support/fake-stripe.js';
import { TestApp, type TestUser } from './support/test-app.js';

/** A member's bank takes back a membership's payment (Stripe's charge.dispute.created), told by signed notifications. */
describe('membership chargebacks (会员拒付)', () => {
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
  const access = async (member: TestUser, contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: member.token })).body.access;
  const balanced = async () => (await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body.balanced;
  const subscriptionOf = async (member: TestUser, id: string) => (await app.request('GET', `/api/v1/me/subscriptions/${id}`, { token: member.token })).body;

  /** A member of the creator's 9.90 monthly plan, its first charge paid at Stripe. */
  const paidMember = async () => {
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '创作者月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(plan.status).toBe(201);
    const member = await app.user('member');
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/checkout`, { token: member.token });
    const intent = stripe.intentFor(subscription.openPayment.paymentId)!;
    expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)))).body.status).toBe('processed');
    expect((await subscriptionOf(member, subscription.subscriptionId)).status).toBe('active');
    return { member, subscriptionId: subscription.subscriptionId as string, paymentId: subscription.openPayment.paymentId as string, intent };
  };

  it('ends the membership and reverses its payment once, however often Stripe says so', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const { member, subscriptionId, paymentId, intent } = await paidMember();
    expect(await access(member, contentId)).toBe('full');

    const dispute = stripe.notification('charge.dispute.created', stripe.dispute(intent));
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => notify(dispute)));
    expect(deliveries.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(deliveries.filter((response) => !response.body.duplicate && response.body.status === 'processed')).toHaveLength(1);
    // The same dispute told again under another event id changes nothing either.
    expect((await notify(stripe.notification('charge.dispute.created', { ...JSON.parse(dispute.payload).data.object }))).body).toMatchObject({ status: 'processed' });

    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'commerce.subscription-charged-back' AND stream_id = $1`, [`subscription-${subscriptionId}`])).toEqual([{ n: 1 }]);
    expect(await subscriptionOf(member, subscriptionId)).toMatchObject({ status: 'expired', openPayment: null });
    expect(await access(member, contentId)).toBe('preview');

    // The payment's posting reversed: the clearing account gives back 9.90, the creator's share and the fee are taken back.
    const [clearing] = await app.sql(`SELECT sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE transaction_id IN ($1, $2) AND account = 'assets:psp-clearing:stripe'`, [
      `membership:${paymentId}`,
      `chargeback:${paymentId}`,
    ]);
    expect(clearing.cents).toBe(0);
    const statement = (await app.request('GET', '/api/v1/creator/earnings/statement', { token: creator.token })).body.items;
    expect(statement[0]).toMatchObject({ kind: 'chargeback', transactionId: `chargeback:${paymentId}`, amountCents: -(990 - 198) });
    expect(await balanced()).toBe(true);
  });

  it('refuses to take back more than the membership payment was, changing nothing', async () => {
    const { member, subscriptionId, intent } = await paidMember();
    const tooMuch = await notify(stripe.notification('charge.dispute.created', stripe.dispute(intent, 991)));
    expect({ status: tooMuch.status, code: tooMuch.body.code }).toEqual({ status: 422, code: 'COMMERCE.REFUND_EXCEEDS_PAYMENT' });
    expect((await subscriptionOf(member, subscriptionId)).status).toBe('active');
    expect(await balanced()).toBe(true);
  });
});
