import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { deliverWebhook, placeOrder, publishContent, creatorWithEarnings } from './support/journeys.js';
import { FakeStripe } from './support/fake-stripe.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/** Stripe through its official SDK, against a local server answering as Stripe's API does. */
describe('stripe payments', () => {
  let stripe: FakeStripe;
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    stripe = await FakeStripe.start();
    app = await TestApp.start({ worker: true, env: { ...stripe.env(), EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '1000' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  const notify = (notification: { payload: string; signature: string }, headers: Record<string, string> = { 'stripe-signature': notification.signature }) =>
    app.request('POST', '/api/v1/webhooks/payments/stripe', { rawBody: notification.payload, headers: { 'content-type': 'application/json', ...headers } });
  const orderOf = async (learner: TestUser, orderId: string) => (await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: learner.token })).body;
  const inboxCount = async () => (await app.sql(`SELECT count(*)::int AS n FROM commerce_webhook_events`))[0].n as number;

  /** A creator who sold one item for 100.00 (80.00 theirs, available at once), and what they and finance do about payouts. */

  /** A learner with a pending order of one item at `priceCents`, its payment opened at Stripe. */
  const openedOrder = async (priceCents = 5000) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.body.payment).toMatchObject({ provider: 'stripe', status: 'pending' });
    const checkout = await app.request('POST', `/api/v1/me/orders/${order.body.id}/checkout`, { token: learner.token });
    expect(checkout.status).toBe(200);
    const intent = stripe.intentFor(order.body.payment.id)!;
    expect(checkout.body).toEqual({ provider: 'stripe', paymentId: order.body.payment.id, url: null, clientSecret: intent.client_secret });
    return { learner, contentId, order: order.body as { id: string; payment: { id: string } }, intent };
  };

  it('opens a PaymentIntent once per payment and settles the order from the signed notification', async () => {
    const { learner, order, intent } = await openedOrder(5000);
    expect(intent).toMatchObject({ amount: 5000, currency: 'cny', metadata: { zhiku_payment_id: order.payment.id } });
    // Asking again (a retry, a second tab) is the same PaymentIntent: Stripe sees the same Idempotency-Key.
    const again = await app.request('POST', `/api/v1/me/orders/${order.id}/checkout`, { token: learner.token });
    expect(again.body.clientSecret).toBe(intent.client_secret);
    expect([...stripe.intents.values()].filter((each) => each.metadata.zhiku_payment_id === order.payment.id)).toHaveLength(1);
    expect(new Set(stripe.calls.filter((call) => call.path === '/v1/payment_intents').map((call) => call.idempotencyKey)).size).toBe(
      stripe.intents.size,
    );
    // Someone else's order is not there for them.
    const stranger = await app.user('stranger');
    expect((await app.request('POST', `/api/v1/me/orders/${order.id}/checkout`, { token: stranger.token })).body.code).toBe('COMMERCE.ORDER_NOT_FOUND');

    const paid = await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)));
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect((await orderOf(learner, order.id)).status).toBe('paid');
    const ledger = await app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 AND account LIKE 'assets:%' GROUP BY account`, [
      order.id,
    ]);
    expect(ledger).toEqual([{ account: 'assets:psp-clearing:stripe', cents: 5000 }]);
    const paidAgain = await app.request('POST', `/api/v1/me/orders/${order.id}/checkout`, { token: learner.token });
    expect([paidAgain.status, paidAgain.body.code]).toEqual([409, 'COMMERCE.ORDER_NOT_PAYABLE']);
  });

  it('refuses forged, tampered, stale and unsigned notifications with problem+json, changing nothing', async () => {
    const { learner, order, intent } = await openedOrder(6000);
    stripe.pay(intent);
    const before = await inboxCount();
    const forged = stripe.notification('payment_intent.succeeded', intent, { secret: `whsec_${randomUUID()}` });
    const genuine = stripe.notification('payment_intent.succeeded', intent);
    const stale = stripe.notification('payment_intent.succeeded', intent, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const cases: [Awaited<ReturnType<typeof notify>>, string][] = [
      [await notify(forged), 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [await notify({ payload: genuine.payload.replace('"amount_received":6000', '"amount_received":6'), signature: genuine.signature }), 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [await notify(stale), 'COMMERCE.WEBHOOK_SIGNATURE_STALE'],
      [await notify(genuine, {}), 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED'],
      [await notify(genuine, { 'stripe-signature': 'garbage' }), 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED'],
    ];
    for (const [response, code] of cases) {
      expect([response.status, response.headers['content-type'], response.body.code]).toEqual([401, expect.stringContaining('application/problem+json'), code]);
    }
    expect(await inboxCount()).toBe(before);
    expect((await orderOf(learner, order.id)).status).toBe('pending');
  });

  it('takes one notification delivered 10x at once, and its replay later, as one payment', async () => {
    const { learner, order, intent } = await openedOrder(7000);
    const notification = stripe.notification('payment_intent.succeeded', stripe.pay(intent));
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(notification)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => !answer.body.duplicate)).toHaveLength(1);
    expect((await notify(notification)).body).toEqual({ received: true, duplicate: true, status: 'processed' });
    expect((await orderOf(learner, order.id)).status).toBe('paid');
    const [{ n }] = await app.sql(`SELECT count(DISTINCT transaction_id)::int AS n FROM commerce_ledger_lines WHERE order_id = $1`, [order.id]);
    expect(n).toBe(1);
  });

  it('refuses a payment of the wrong amount, and one for a payment nobody here opened', async () => {
    const { learner, order, intent } = await openedOrder(8000);
    const short = await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent, 1)));
    expect([short.status, short.body.code]).toEqual([422, 'COMMERCE.PAYMENT_AMOUNT_MISMATCH']);
    expect((await orderOf(learner, order.id)).status).toBe('pending');

    // The sandbox (whose secret a developer may hold) cannot settle a payment opened with Stripe.
    const viaSandbox = await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 8000 });
    expect([viaSandbox.status, viaSandbox.body.code]).toEqual([404, 'COMMERCE.PAYMENT_NOT_FOUND']);
    expect((await orderOf(learner, order.id)).status).toBe('pending');

    const stranger = { ...intent, id: 'pi_unknown', metadata: { zhiku_payment_id: 'pay_nobody_opened_this' } };
    const unknown = await notify(stripe.notification('payment_intent.succeeded', stranger));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'COMMERCE.PAYMENT_NOT_FOUND']);
    // An intent of another integration on the same account (none of our metadata) is kept and acknowledged, not acted on.
    const foreign = await notify(stripe.notification('payment_intent.succeeded', { ...intent, id: 'pi_foreign', metadata: {} }));
    expect(foreign.body).toEqual({ received: true, duplicate: false, status: 'ignored' });
  });

  it('asks Stripe to pay back an approved refund, and ends access when Stripe confirms it', async () => {
    const finance = await app.user('finance', ['finance']);
    const { learner, contentId, order, intent } = await openedOrder(9000);
    await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)));
    const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: learner.token,
      body: { reason: 'not what I expected' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const refundId = asked.body.refundId as string;
    expect((await app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);

    const refund = await eventually(async () => stripe.refunds.find((each) => each.metadata.zhiku_refund_id === refundId), 15_000, 'the refund at Stripe');
    expect(refund).toMatchObject({ payment_intent: intent.id, amount: 9000, metadata: { zhiku_payment_id: order.payment.id } });
    expect(stripe.calls.find((call) => call.path === '/v1/refunds')?.idempotencyKey).toBe(`zhiku-refund-${refundId}`);

    const confirmed = await notify(stripe.notification('refund.updated', refund));
    expect(confirmed.body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect((await orderOf(learner, order.id)).status).toBe('refunded');
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access).not.toBe('full');
    // Stripe also announces the refund's creation: the same refund, nothing moves twice.
    expect((await notify(stripe.notification('refund.created', refund))).status).toBe(200);
    const [{ cents }] = await app.sql(`SELECT sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 AND account = 'assets:psp-clearing:stripe'`, [
      order.id,
    ]);
    expect(cents).toBe(0);
  });

  it("lets a member pay their membership's first charge at Stripe, keeps the card, and charges it for the renewal", async () => {
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '创作者月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const member = await app.user('member');
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    const checkout = (id: string, token = member.token) => app.request('POST', `/api/v1/me/subscriptions/${id}/checkout`, { token });
    const stranger = await app.user('stranger');
    expect((await checkout(subscription.subscriptionId, stranger.token)).body.code).toBe('COMMERCE.SUBSCRIPTION_NOT_FOUND');

    const opened = await checkout(subscription.subscriptionId);
    const intent = stripe.intentFor(subscription.openPayment.paymentId)!;
    expect(opened.body).toEqual({ provider: 'stripe', paymentId: subscription.openPayment.paymentId, url: null, clientSecret: intent.client_secret });
    expect(intent).toMatchObject({ amount: 990, currency: 'cny', description: '创作者月卡', setup_future_usage: 'off_session', customer: expect.stringMatching(/^cus_/) });
    expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)))).body.status).toBe('processed');
    const paid = await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: member.token });
    expect(paid.body.status).toBe('active');
    expect((await checkout(subscription.subscriptionId)).body.code).toBe('COMMERCE.NO_CHARGE_OPEN');

    // A day before the month ends the renewal is opened; the worker charges the kept card, off-session, once.
    const renewalAt = new Date(Date.parse(paid.body.paidUntil) - 86_400_000).toISOString();
    const settled = await app.api.get(CommandBus).execute(new SettleSubscription(subscription.subscriptionId, renewalAt, systemContext('test'), new Date(renewalAt)));
    expect(settled).toEqual({ settled: ['commerce.subscription-payment-requested'] });
    const renewal = (await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: member.token })).body.openPayment;
    const charged = await eventually(async () => stripe.intentFor(renewal.paymentId), 15_000, 'the renewal charged at Stripe');
    expect(charged).toMatchObject({ customer: intent.customer, payment_method: intent.payment_method, off_session: true, status: 'succeeded', amount: 990 });
    expect((await notify(stripe.notification('payment_intent.succeeded', charged))).body.status).toBe('processed');
    const renewed = (await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: member.token })).body;
    expect(renewed).toMatchObject({ status: 'active', openPayment: null });
    expect(Date.parse(renewed.paidUntil)).toBeGreaterThan(Date.parse(paid.body.paidUntil));
    // One PaymentIntent per charge: the first was the member's to confirm (the worker charged nothing for it).
    for (const paymentId of [subscription.openPayment.paymentId, renewal.paymentId]) {
      expect([...stripe.intents.values()].filter((each) => each.metadata.zhiku_payment_id === paymentId)).toHaveLength(1);
    }
    expect([...stripe.intents.values()].filter((each) => each.off_session)).toHaveLength(1);
  });

  it("pays a creator by a Transfer to their connected account, confirmed in Stripe's answer; a refused one returns the money", async () => {
    const { payee, ask, approve, setAccount, balance, statusOf } = await creatorWithEarnings(app, moderatorToken, async (paymentId) => {
      // Paid with Stripe.js: the notification of the PaymentIntent it confirmed.
      const event = stripe.notification('payment_intent.succeeded', {
        id: `pi_${randomUUID().replace(/-/g, '')}`,
        object: 'payment_intent',
        amount: 10_000,
        amount_received: 10_000,
        currency: 'cny',
        status: 'succeeded',
        metadata: { zhiku_payment_id: paymentId },
      });
      expect((await notify(event)).body.status).toBe('processed');
    });
    expect(await balance()).toMatchObject({ availableCents: 8000 });
    stripe.connectedAccounts.add('acct_1Nv0FGQ9RKHgCVdK');
    await setAccount({ provider: 'stripe', account: 'acct_1Nv0FGQ9RKHgCVdK' });

    const first = await ask(5000);
    expect((await approve(first)).body.status).toBe('approved');
    await eventually(async () => (await statusOf(first)) === 'paid', 15_000, 'the transfer made');
    expect(stripe.transfers).toEqual([
      expect.objectContaining({ amount: 5000, currency: 'cny', destination: 'acct_1Nv0FGQ9RKHgCVdK', transfer_group: `zhiku-payout-${first}`, metadata: { zhiku_payout_id: first } }),
    ]);
    expect(stripe.calls.find((call) => call.path === '/v1/transfers')?.idempotencyKey).toBe(`zhiku-payout-${first}`);
    expect(await balance()).toMatchObject({ availableCents: 3000, paidCents: 5000 });
    expect(await app.sql(`SELECT account, amount_cents::int AS cents FROM commerce_ledger_lines WHERE transaction_id = $1 ORDER BY account`, [`payout:${first}`])).toEqual([
      { account: 'assets:psp-clearing:stripe', cents: -5000 },
      { account: `liabilities:creator-payable:${payee.id}`, cents: 5000 },
    ]);

    // A connected account Stripe does not know: the transfer is refused and the money is available again.
    await setAccount({ provider: 'stripe', account: 'acct_closed' });
    const second = await ask(3000);
    await approve(second);
    await eventually(async () => (await statusOf(second)) === 'failed', 15_000, 'the refused transfer applied');
    expect(await balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 0, paidCents: 5000 });
    expect(stripe.transfers).toHaveLength(1);
  });

  it('onboards a creator to Stripe Connect (an Express account and a link), pays them once Stripe says payouts are enabled, and returns a reversed transfer to their balance once', async () => {
    const { payee, ask, approve, balance, statusOf } = await creatorWithEarnings(app, moderatorToken, async (paymentId) => {
      const event = stripe.notification('payment_intent.succeeded', {
        id: `pi_${randomUUID().replace(/-/g, '')}`,
        object: 'payment_intent',
        amount: 10_000,
        amount_received: 10_000,
        currency: 'cny',
        status: 'succeeded',
        metadata: { zhiku_payment_id: paymentId },
      });
      expect((await notify(event)).body.status).toBe('processed');
    });
    const onboard = () => app.request('POST', '/api/v1/creator/payout-account/stripe/onboarding', { token: payee.token, body: {} });
    const started = await onboard();
    expect(started.status).toBe(200);
    const account = stripe.accounts.get(started.body.account)!;
    expect(account).toMatchObject({ type: 'express', metadata: { zhiku_user_id: payee.id }, payouts_enabled: false });
    expect(started.body).toEqual({ account: account.id, url: stripe.accountLinks.at(-1)!.url, expiresAt: expect.any(String) });
    expect(stripe.accountLinks.at(-1)).toMatchObject({ account: account.id, type: 'account_onboarding', return_url: expect.stringMatching(/\/creator\/payouts\/stripe\/return$/) });
    // Asked again: a new link to the same account, no second account.
    const again = await onboard();
    expect(again.body.account).toBe(account.id);
    expect(stripe.calls.filter((call) => call.path === '/v1/accounts')).toHaveLength(1);
    expect((await app.request('POST', '/api/v1/creator/payout-account/stripe/onboarding', { token: (await app.user('learner')).token, body: {} })).status).toBe(403);

    // Onboarding not finished: finance cannot approve a payout to it.
    const payout = await ask(5000);
    const refused = await approve(payout);
    expect([refused.status, refused.headers['content-type'], refused.body.code]).toEqual([409, expect.stringContaining('application/problem+json'), 'COMMERCE.PAYOUT_ACCOUNT_NOT_ENABLED']);
    expect(await statusOf(payout)).toBe('requested');
    // Stripe says payouts are enabled (account.updated): approved and paid.
    account.payouts_enabled = true;
    expect((await notify(stripe.notification('account.updated', account))).body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect((await approve(payout)).body.status).toBe('approved');
    await eventually(async () => (await statusOf(payout)) === 'paid', 15_000, 'the transfer made');
    expect(await balance()).toMatchObject({ availableCents: 3000, paidCents: 5000 });

    // Stripe reverses the transfer: ten deliveries at once, one reversal; the money is the creator's again.
    const transfer = stripe.transfers.find((each) => each.metadata.zhiku_payout_id === payout)!;
    Object.assign(transfer, { reversed: true, amount_reversed: 5000 });
    const reversal = stripe.notification('transfer.reversed', transfer);
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(reversal)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => !answer.body.duplicate)).toHaveLength(1);
    // The same reversal told again under another event (transfer.updated) adds nothing.
    expect((await notify(stripe.notification('transfer.updated', transfer))).status).toBe(200);
    expect(await statusOf(payout)).toBe('reversed');
    expect(await balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0, paidCents: 0 });
    expect(
      await app.sql(`SELECT transaction_id, account, amount_cents::int AS cents FROM commerce_ledger_lines WHERE transaction_id LIKE $1 ORDER BY transaction_id, account`, [`payout:${payout}%`]),
    ).toEqual([
      { transaction_id: `payout:${payout}`, account: 'assets:psp-clearing:stripe', cents: -5000 },
      { transaction_id: `payout:${payout}`, account: `liabilities:creator-payable:${payee.id}`, cents: 5000 },
      { transaction_id: `payout:${payout}:reversed:5000`, account: 'assets:psp-clearing:stripe', cents: 5000 },
      { transaction_id: `payout:${payout}:reversed:5000`, account: `liabilities:creator-payable:${payee.id}`, cents: -5000 },
    ]);
    // A reversal whose notification never came: the day's reconciliation asks Stripe about paid payouts again.
    const next = await ask(8000);
    expect((await approve(next)).body.status).toBe('approved');
    await eventually(async () => (await statusOf(next)) === 'paid', 15_000, 'the second transfer made');
    Object.assign(stripe.transfers.find((each) => each.metadata.zhiku_payout_id === next)!, { amount_reversed: 3000 });
    const finance = await app.user('finance', ['finance']);
    const day = new Date().toISOString().slice(0, 10);
    const run = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } });
    expect([run.status, run.body.reversedPayouts]).toEqual([200, [next]]);
    expect(await statusOf(next)).toBe('reversed');
    expect(await balance()).toMatchObject({ availableCents: 3000, paidCents: 5000 });
    // Asked again: nothing new.
    expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).body.reversedPayouts).toEqual([]);
    expect(await balance()).toMatchObject({ availableCents: 3000, paidCents: 5000 });
  });
});
