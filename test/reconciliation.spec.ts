import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder, publishContent } from './support/journeys.js';
import { FakeStripe } from './support/fake-stripe.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/** Reconciliation against a provider (Stripe's local stand-in): lost notifications, and settlements against the ledger. */
describe('payment reconciliation', () => {
  let stripe: FakeStripe;
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    stripe = await FakeStripe.start();
    // Every payment is "pending too long" at once, and the worker looks every second.
    app = await TestApp.start({ worker: true, env: { ...stripe.env(), RECONCILE_PENDING_AFTER_MINUTES: '0', RECONCILE_EVERY_MS: '1000' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
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
  const statusOf = async (learner: TestUser, orderId: string) => (await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: learner.token })).body.status;
  const ledgerTransactions = async () => (await app.sql(`SELECT count(DISTINCT transaction_id)::int AS n FROM commerce_ledger_lines`))[0].n as number;
  /** What Stripe kept today: each movement's fee, and fees charged alone. */
  const feesOfToday = () =>
    stripe.balanceTransactions
      .filter((txn) => new Date(txn.created * 1000).toISOString().startsWith(new Date().toISOString().slice(0, 10)))
      .reduce((sum, txn) => sum + txn.fee + (txn.type === 'stripe_fee' ? -txn.amount : 0), 0);
  const inbox = async () => (await app.sql(`SELECT count(*)::int AS n FROM commerce_webhook_events`))[0].n as number;

  const openedOrder = async (priceCents: number) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    await app.request('POST', `/api/v1/me/orders/${order.body.id}/checkout`, { token: learner.token });
    return { learner, order: order.body as { id: string; payment: { id: string } }, intent: stripe.intentFor(order.body.payment.id)! };
  };

  it('settles a payment whose notification never came, as the notification would have; the late notification and later runs change nothing', async () => {
    const lost = await openedOrder(5000);
    const unpaid = await openedOrder(3000);
    const abandoned = await openedOrder(2000);
    stripe.pay(lost.intent);
    Object.assign(abandoned.intent, { status: 'canceled', cancellation_reason: 'abandoned' });

    await eventually(async () => (await statusOf(lost.learner, lost.order.id)) === 'paid', 15_000, 'the lost payment settled by reconciliation');
    await eventually(async () => (await statusOf(abandoned.learner, abandoned.order.id)) === 'failed', 15_000, 'the canceled payment failed');
    expect(await statusOf(unpaid.learner, unpaid.order.id)).toBe('pending'); // Stripe says it is not paid yet
    const settledBy = await app.sql(`SELECT event_id, status FROM commerce_webhook_events WHERE object_id = $1`, [lost.order.payment.id]);
    expect(settledBy).toEqual([{ event_id: `reconciled:${lost.order.payment.id}:succeeded`, status: 'processed' }]);
    const ledger = await app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 AND account LIKE 'assets:%' GROUP BY account`, [
      lost.order.id,
    ]);
    expect(ledger).toEqual([{ account: 'assets:psp-clearing:stripe', cents: 5000 }]);

    // Stripe's own notification arrives at last: acknowledged, and nothing moves again.
    const transactions = await ledgerTransactions();
    const late = await notify(stripe.notification('payment_intent.succeeded', lost.intent));
    expect(late.status).toBe(200);
    expect(await ledgerTransactions()).toBe(transactions);

    // More runs of the job (one a second) find nothing more to do.
    const events = await inbox();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([await ledgerTransactions(), await inbox()]).toEqual([transactions, events]);
    expect(await statusOf(lost.learner, lost.order.id)).toBe('paid');
    expect(await statusOf(unpaid.learner, unpaid.order.id)).toBe('pending');
  });

  it("reports where the provider's settlements and the ledger disagree, once however often it runs", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const agreed = await openedOrder(4000);
    const shortPaid = await openedOrder(4100);
    const vanished = await openedOrder(4200);
    for (const { intent } of [agreed, shortPaid, vanished]) expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(intent)))).status).toBe(200);
    // What Stripe's balance says differs: one captured less, one never settled, one payment nobody here recorded.
    stripe.balanceTransactionOf(shortPaid.intent)!.amount = 4000;
    stripe.balanceTransactions.splice(stripe.balanceTransactions.indexOf(stripe.balanceTransactionOf(vanished.intent)!), 1);
    const ghost = { ...stripe.pay({ ...agreed.intent, id: 'pi_ghost', metadata: { zhiku_payment_id: 'pay_ghost' } }) };
    stripe.intents.set(ghost.id, ghost);

    const learner = await app.user('curious');
    const refused = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: learner.token, body: { day: today } });
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTHZ.FORBIDDEN']);
    const badDay = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: '2026-13-45' } });
    expect([badDay.status, badDay.body.code]).toEqual([400, 'HTTP.VALIDATION_FAILED']);

    const run = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    // The three, and Stripe's fees of the day (the ledger records none) on a line of their own.
    expect(run.body).toEqual({ day: today, differences: 4, recorded: 4, reversedPayouts: [] });
    const listed = await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token });
    expect(listed.status).toBe(200);
    const rows = listed.body.items.map(({ provider, day, paymentId, kind, providerCents, ledgerCents, currency }: Record<string, unknown>) => ({
      provider,
      day,
      paymentId,
      kind,
      providerCents,
      ledgerCents,
      currency,
    }));
    expect(rows).toEqual(
      [
        { provider: 'stripe', day: today, paymentId: shortPaid.order.payment.id, kind: 'amount_mismatch', providerCents: 4000, ledgerCents: 4100, currency: 'CNY' },
        { provider: 'stripe', day: today, paymentId: vanished.order.payment.id, kind: 'missing_at_provider', providerCents: null, ledgerCents: 4200, currency: 'CNY' },
        { provider: 'stripe', day: today, paymentId: 'pay_ghost', kind: 'missing_in_ledger', providerCents: 4000, ledgerCents: null, currency: 'CNY' },
      ]
        .sort((a, b) => (a.paymentId < b.paymentId ? 1 : -1))
        .concat([{ provider: 'stripe', day: today, paymentId: null as unknown as string, kind: 'fee_unrecorded', providerCents: feesOfToday(), ledgerCents: null, currency: 'CNY' }]),
    );

    // Again: the same differences, nothing recorded twice; the ledger is never touched by looking.
    const transactions = await ledgerTransactions();
    const again = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    expect(again.body).toEqual({ day: today, differences: 4, recorded: 0, reversedPayouts: [] });
    expect((await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token })).body.items).toHaveLength(4);
    expect(await ledgerTransactions()).toBe(transactions);
    expect((await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: learner.token })).status).toBe(403);
  });

  it("compares refunds and chargebacks, memberships' included, from Stripe's balance transactions with the ledger's: each difference once", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const paid = async (priceCents: number) => {
      const opened = await openedOrder(priceCents);
      expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(opened.intent)))).status).toBe(200);
      return { ...opened, paymentId: opened.order.payment.id };
    };
    const refundedAtStripe = async (order: Awaited<ReturnType<typeof paid>>, amount: number, told = true) => {
      const refund = stripe.refundAtStripe(order.intent, amount, { zhiku_payment_id: order.paymentId });
      if (told) expect((await notify(stripe.notification('refund.updated', refund))).body.status).toBe('processed');
      return refund;
    };
    const disputed = async (order: Awaited<ReturnType<typeof paid>>, told = true) => {
      const dispute = stripe.dispute(order.intent);
      if (told) expect((await notify(stripe.notification('charge.dispute.created', dispute))).body.status).toBe('processed');
      return dispute;
    };

    // Refunds: one agreed, one Stripe paid back less than the ledger holds, one nobody told us of, one Stripe does not list.
    const refundAgreed = await paid(6000);
    await refundedAtStripe(refundAgreed, 2000);
    const refundShort = await paid(6100);
    const short = await refundedAtStripe(refundShort, 3000);
    stripe.balanceTransactionOf(short)!.amount = -2500;
    const refundUntold = await paid(6200);
    const untold = await refundedAtStripe(refundUntold, 1000, false);
    const refundVanished = await paid(6300);
    const vanished = await refundedAtStripe(refundVanished, 1500);
    stripe.balanceTransactions.splice(stripe.balanceTransactions.indexOf(stripe.balanceTransactionOf(vanished)!), 1);
    // Chargebacks: one agreed (charge.dispute.created), one nobody told us of, one won since (the money came back), one Stripe does not list.
    const disputeAgreed = await paid(6400);
    await disputed(disputeAgreed);
    const disputeUntold = await paid(6500);
    await disputed(disputeUntold, false);
    const disputeWon = await paid(6600);
    stripe.winDispute(await disputed(disputeWon));
    const disputeVanished = await paid(6700);
    const gone = await disputed(disputeVanished);
    stripe.balanceTransactions.splice(stripe.balanceTransactions.indexOf(stripe.balanceTransactionOf(gone)!), 1);
    expect((await app.request('GET', `/api/v1/me/orders/${disputeAgreed.order.id}`, { token: disputeAgreed.learner.token })).body.status).toBe('charged_back');

    // A membership paid at Stripe: its capture is compared, and so is a refund of it made at Stripe (the ledger holds no membership refunds).
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '对账月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const member = await app.user('member');
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/checkout`, { token: member.token });
    const membershipIntent = stripe.intentFor(subscription.openPayment.paymentId)!;
    expect((await notify(stripe.notification('payment_intent.succeeded', stripe.pay(membershipIntent)))).body.status).toBe('processed');
    const membershipRefund = stripe.refundAtStripe(membershipIntent, 990);

    const mine = [refundAgreed, refundShort, refundUntold, refundVanished, disputeAgreed, disputeUntold, disputeWon, disputeVanished].map((each) => each.paymentId);
    mine.push(subscription.openPayment.paymentId);
    const recordedBefore = (await app.sql(`SELECT count(*)::int AS n FROM commerce_reconciliation_differences`))[0].n as number;
    const run = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    expect(run.status).toBe(200);
    const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation?limit=100', { token: finance.token })).body.items as Record<string, unknown>[];
    const rows = listed
      .filter((row) => mine.includes(row.paymentId as string))
      .map(({ paymentId, refundId, kind, providerCents, ledgerCents }) => ({ paymentId, refundId, kind, providerCents, ledgerCents }));
    const expected = [
      { paymentId: refundShort.paymentId, refundId: short.id, kind: 'refund_amount_mismatch', providerCents: 2500, ledgerCents: 3000 },
      { paymentId: refundUntold.paymentId, refundId: untold.id, kind: 'refund_missing_in_ledger', providerCents: 1000, ledgerCents: null },
      { paymentId: refundVanished.paymentId, refundId: vanished.id, kind: 'refund_missing_at_provider', providerCents: null, ledgerCents: 1500 },
      { paymentId: disputeUntold.paymentId, refundId: null, kind: 'chargeback_missing_in_ledger', providerCents: 6500, ledgerCents: null },
      { paymentId: disputeWon.paymentId, refundId: null, kind: 'chargeback_amount_mismatch', providerCents: 0, ledgerCents: 6600 },
      { paymentId: disputeVanished.paymentId, refundId: null, kind: 'chargeback_missing_at_provider', providerCents: null, ledgerCents: 6700 },
      { paymentId: subscription.openPayment.paymentId, refundId: membershipRefund.id, kind: 'refund_missing_in_ledger', providerCents: 990, ledgerCents: null },
    ];
    const byKey = (a: { paymentId: unknown; kind: unknown }, b: { paymentId: unknown; kind: unknown }) => `${a.paymentId}${a.kind}`.localeCompare(`${b.paymentId}${b.kind}`);
    expect(rows.sort(byKey)).toEqual(expected.sort(byKey));
    const recorded = (await app.sql(`SELECT count(*)::int AS n FROM commerce_reconciliation_differences`))[0].n as number;
    // The day's fee line was there already: its new total is recorded in place, not added.
    expect(recorded - recordedBefore).toBe(run.body.recorded - 1);
    expect(run.body.recorded).toBeGreaterThanOrEqual(expected.length);

    // Again: nothing recorded twice, and the ledger untouched by looking.
    const transactions = await ledgerTransactions();
    const again = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    expect([again.body.differences, again.body.recorded]).toEqual([run.body.differences, 0]);
    expect(await ledgerTransactions()).toBe(transactions);
  });

  it("compares non-card refunds and reversals from Stripe's balance transactions, and reports the day's fees the ledger does not record: each once", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const paidByBankDebit = async (priceCents: number) => {
      const opened = await openedOrder(priceCents);
      expect((await notify(stripe.notification('payment_intent.succeeded', stripe.payWithoutCard(opened.intent)))).body.status).toBe('processed');
      return { ...opened, paymentId: opened.order.payment.id };
    };
    // Bank debits (`payment`): one refunded and told (`payment_refund`, agreed), one refunded that nobody told us of,
    // one the payer's bank reversed (`payment_reversal`), one that failed after it was counted (`payment_failure_refund`), one left alone.
    const refunded = await paidByBankDebit(7000);
    const told = stripe.refundAtStripe(refunded.intent, 2000, { zhiku_payment_id: refunded.paymentId });
    expect((await notify(stripe.notification('refund.updated', told))).body.status).toBe('processed');
    const refundedUntold = await paidByBankDebit(7100);
    const untold = stripe.refundAtStripe(refundedUntold.intent, 1000, { zhiku_payment_id: refundedUntold.paymentId });
    const reversed = await paidByBankDebit(7200);
    stripe.reversePayment(reversed.intent);
    const failed = await paidByBankDebit(7300);
    stripe.failPaymentLater(failed.intent);
    const untouched = await paidByBankDebit(7400);
    expect(stripe.balanceTransactionOf(told)!.type).toBe('payment_refund');
    // A fee Stripe charged on its own (no payment's), beside each payment's and dispute's fee.
    stripe.chargeFee(500);

    const mine = [refunded, refundedUntold, reversed, failed, untouched].map((each) => each.paymentId);
    const run = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    expect(run.status).toBe(200);
    const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation?limit=100', { token: finance.token })).body.items as Record<string, unknown>[];
    const rows = listed
      .filter((row) => mine.includes(row.paymentId as string))
      .map(({ paymentId, refundId, kind, providerCents, ledgerCents }) => ({ paymentId, refundId, kind, providerCents, ledgerCents }));
    const expected = [
      { paymentId: refundedUntold.paymentId, refundId: untold.id, kind: 'refund_missing_in_ledger', providerCents: 1000, ledgerCents: null },
      { paymentId: reversed.paymentId, refundId: null, kind: 'chargeback_missing_in_ledger', providerCents: 7200, ledgerCents: null },
      { paymentId: failed.paymentId, refundId: null, kind: 'chargeback_missing_in_ledger', providerCents: 7300, ledgerCents: null },
    ];
    const byKey = (a: { paymentId: unknown; kind: unknown }, b: { paymentId: unknown; kind: unknown }) => `${a.paymentId}${a.kind}`.localeCompare(`${b.paymentId}${b.kind}`);
    expect(rows.sort(byKey)).toEqual(expected.sort(byKey));

    // What Stripe kept that day (each movement's fee, and the fee charged alone) is one line, named by no payment.
    const feeLines = async () =>
      ((await app.request('GET', '/api/v1/admin/finance/reconciliation?limit=100', { token: finance.token })).body.items as Record<string, unknown>[])
        .filter((row) => row.kind === 'fee_unrecorded')
        .map(({ provider, day, paymentId, refundId, providerCents, ledgerCents, currency }) => ({ provider, day, paymentId, refundId, providerCents, ledgerCents, currency }));
    expect(feesOfToday()).toBeGreaterThan(500);
    expect(await feeLines()).toEqual([{ provider: 'stripe', day: today, paymentId: null, refundId: null, providerCents: feesOfToday(), ledgerCents: null, currency: 'CNY' }]);

    // Again: nothing new. A fee charged since: the day's line says the new total, still one line.
    const again = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    expect([again.body.differences, again.body.recorded]).toEqual([run.body.differences, 0]);
    stripe.chargeFee(120);
    const later = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day: today } });
    expect([later.body.differences, later.body.recorded]).toEqual([run.body.differences, 1]);
    expect(await feeLines()).toEqual([{ provider: 'stripe', day: today, paymentId: null, refundId: null, providerCents: feesOfToday(), ledgerCents: null, currency: 'CNY' }]);
  });
});
