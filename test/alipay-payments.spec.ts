import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { ChargeMembership } from '../libs/commerce/src/commands/charge-membership.js';
import { InstructPayout } from '../libs/commerce/src/commands/instruct-payout.js';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { placeOrder, publishContent } from './support/journeys.js';
import { FakeAlipay } from './support/fake-alipay.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/** Alipay: RSA2-signed notifications verified as Alipay documents, and signed calls to a local gateway. */
describe('alipay payments', () => {
  let alipay: FakeAlipay;
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    alipay = await FakeAlipay.start();
    app = await TestApp.start({
      worker: true,
      env: { ...alipay.env(), RECONCILE_PENDING_AFTER_MINUTES: '0', RECONCILE_EVERY_MS: '1000', EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '1000' },
    });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app?.close();
    await alipay?.close();
  });

  const notify = (body: string) =>
    app.request('POST', '/api/v1/webhooks/payments/alipay', { rawBody: body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
  const statusOf = async (learner: TestUser, orderId: string) => (await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: learner.token })).body.status;
  const inboxCount = async () => (await app.sql(`SELECT count(*)::int AS n FROM commerce_webhook_events`))[0].n as number;

  const pendingOrder = async (priceCents: number) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.body.payment.provider).toBe('alipay');
    return { learner, contentId, order: order.body as { id: string; payment: { id: string } } };
  };
  const paidNotice = (paymentId: string, totalAmount: string, status = 'TRADE_SUCCESS') =>
    alipay.notification({ out_trade_no: paymentId, total_amount: totalAmount, receipt_amount: totalAmount, trade_status: status });

  it("sends the buyer to Alipay's cashier with a signed link, and settles the order from the signed notification, answering success", async () => {
    const { learner, order } = await pendingOrder(8880);
    const checkout = await app.request('POST', `/api/v1/me/orders/${order.id}/checkout`, { token: learner.token });
    expect(checkout.status).toBe(200);
    const link = new URL(checkout.body.url);
    expect(`${link.origin}${link.pathname}`).toBe(alipay.gatewayUrl);
    const params = Object.fromEntries(link.searchParams);
    expect(params).toMatchObject({ app_id: alipay.appId, method: 'alipay.trade.page.pay', sign_type: 'RSA2', charset: 'utf-8' });
    expect(JSON.parse(params.biz_content!)).toMatchObject({ out_trade_no: order.payment.id, total_amount: '88.80', product_code: 'FAST_INSTANT_TRADE_PAY' });
    expect(alipay.signedByMerchant(params)).toBe(true);

    const paid = await notify(paidNotice(order.payment.id, '88.80').body);
    expect([paid.status, paid.headers['content-type'], paid.body]).toEqual([200, expect.stringContaining('text/plain'), 'success']);
    expect(await statusOf(learner, order.id)).toBe('paid');
    // TRADE_FINISHED comes later for the same trade: nothing moves again.
    expect((await notify(paidNotice(order.payment.id, '88.80', 'TRADE_FINISHED').body)).body).toBe('success');
    const ledger = await app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 AND account LIKE 'assets:%' GROUP BY account`, [
      order.id,
    ]);
    expect(ledger).toEqual([{ account: 'assets:psp-clearing:alipay', cents: 8880 }]);
  });

  it('refuses forged, tampered and unsigned notifications, and those of another app, changing nothing', async () => {
    const { learner, order } = await pendingOrder(1000);
    const before = await inboxCount();
    const genuine = paidNotice(order.payment.id, '10.00');
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const otherApp = alipay.notification({ out_trade_no: order.payment.id, total_amount: '10.00', trade_status: 'TRADE_SUCCESS', app_id: '2021000000000999' });
    const cases: [string, number, string][] = [
      [alipay.notification({ out_trade_no: order.payment.id, total_amount: '10.00', trade_status: 'TRADE_SUCCESS' }, forger.privateKey).body, 401, 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [genuine.body.replace('total_amount=10.00', 'total_amount=0.01'), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [genuine.body.replace(/&sign=[^&]*/, ''), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED'],
      [genuine.body.replace('sign_type=RSA2', 'sign_type=RSA'), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED'],
      [otherApp.body, 400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const response = await notify(body);
      expect([response.status, response.headers['content-type'], response.body.code]).toEqual([status, expect.stringContaining('application/problem+json'), code]);
    }
    expect(await inboxCount()).toBe(before);
    expect(await statusOf(learner, order.id)).toBe('pending');
    // A form anywhere else is still refused.
    const form = await app.request('POST', '/api/v1/orders', { token: learner.token, rawBody: 'contentIds=x', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': randomUUID() } });
    expect([form.status, form.body.code]).toEqual([415, 'HTTP.UNSUPPORTED_MEDIA_TYPE']);
  });

  it('takes a notification 10x at once and its replay as one payment; refuses a wrong amount and an unknown trade', async () => {
    const { learner, order } = await pendingOrder(2000);
    const short = await notify(paidNotice(order.payment.id, '19.99').body);
    expect([short.status, short.body.code]).toEqual([422, 'COMMERCE.PAYMENT_AMOUNT_MISMATCH']);
    expect(await statusOf(learner, order.id)).toBe('pending');
    const unknown = await notify(paidNotice('pay_nobody_opened_this', '20.00').body);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'COMMERCE.PAYMENT_NOT_FOUND']);

    const notice = paidNotice(order.payment.id, '20.00');
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(notice.body)));
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(Array(10).fill([200, 'success']));
    expect((await notify(notice.body)).body).toBe('success');
    expect(await statusOf(learner, order.id)).toBe('paid');
    const [{ n }] = await app.sql(`SELECT count(DISTINCT transaction_id)::int AS n FROM commerce_ledger_lines WHERE order_id = $1`, [order.id]);
    expect(n).toBe(1);
    const inbox = await app.sql(`SELECT status FROM commerce_webhook_events WHERE event_id = $1`, [notice.params.notify_id]);
    expect(inbox).toEqual([{ status: 'processed' }]);
  });

  it('settles a trade whose notification never came by asking Alipay (alipay.trade.query, signed answer verified)', async () => {
    const { learner, order } = await pendingOrder(3000);
    alipay.pay(order.payment.id, '30.00');
    await eventually(async () => (await statusOf(learner, order.id)) === 'paid', 15_000, 'the trade settled by reconciliation');
    expect(alipay.calls.some((call) => call.method === 'alipay.trade.query' && call.bizContent.out_trade_no === order.payment.id)).toBe(true);
  });

  it('refunds through alipay.trade.refund, which confirms at once: access ends without waiting for a notification', async () => {
    const finance = await app.user('finance', ['finance']);
    const { learner, contentId, order } = await pendingOrder(4000);
    alipay.pay(order.payment.id, '40.00');
    await notify(paidNotice(order.payment.id, '40.00').body);
    const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: learner.token,
      body: { reason: '不想要了' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const refundId = asked.body.refundId as string;
    expect((await app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
    await eventually(async () => (await statusOf(learner, order.id)) === 'refunded', 15_000, 'the refund confirmed by Alipay');
    expect(alipay.calls.filter((call) => call.method === 'alipay.trade.refund')).toEqual([
      { method: 'alipay.trade.refund', bizContent: { out_trade_no: order.payment.id, refund_amount: '40.00', out_request_no: refundId } },
    ]);
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access).not.toBe('full');
  });

  it('lets a member pay and sign a cycle-deduction agreement in one go, deducts renewals under it (alipay.trade.pay), and dunning follows a refused one', async () => {
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '创作者月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const member = await app.user('member');
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    const mine = async () => (await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: member.token })).body;
    const renewAt = (paidUntil: string) => {
      const at = new Date(Date.parse(paidUntil) - 86_400_000).toISOString();
      return app.api.get(CommandBus).execute(new SettleSubscription(subscription.subscriptionId, at, systemContext('test'), new Date(at)));
    };

    // The cashier page pays the first month and asks the member to agree to the monthly deduction.
    const checkout = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/checkout`, { token: member.token });
    const params = Object.fromEntries(new URL(checkout.body.url).searchParams);
    expect(alipay.signedByMerchant(params)).toBe(true);
    const biz = JSON.parse(params.biz_content!);
    expect(biz).toMatchObject({
      out_trade_no: subscription.openPayment.paymentId,
      total_amount: '9.90',
      agreement_sign_params: {
        personal_product_code: 'CYCLE_PAY_AUTH_P',
        external_agreement_no: expect.stringMatching(/^[0-9a-f]{32}$/),
        period_rule_params: { period_type: 'MONTH', period: 1, single_amount: '9.90' },
      },
    });
    const agreementNo = biz.agreement_sign_params.external_agreement_no as string;
    // A forged signing changes nothing; Alipay's own is kept once, however often it comes.
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await notify(alipay.agreementNotification(agreementNo, 'dut_user_sign', forger.privateKey).body)).body.code).toBe('COMMERCE.WEBHOOK_SIGNATURE_MISMATCH');
    expect(await app.sql(`SELECT payment_method_ref FROM commerce_provider_customers WHERE provider = 'alipay' AND user_id = $1`, [member.id])).toEqual([{ payment_method_ref: null }]);
    const signed = alipay.agreementNotification(agreementNo);
    expect((await Promise.all([notify(signed.body), notify(signed.body)])).map((answer) => answer.body)).toEqual(['success', 'success']);
    expect((await notify(paidNotice(subscription.openPayment.paymentId, '9.90').body)).body).toBe('success');
    const paid = await mine();
    expect(paid.status).toBe('active');
    // Signed already: the next checkout of this member asks for no agreement.
    expect(await app.sql(`SELECT payment_method_ref FROM commerce_provider_customers WHERE provider = 'alipay' AND user_id = $1`, [member.id])).toEqual([
      { payment_method_ref: signed.params.agreement_no },
    ]);

    // A day before the month ends the worker deducts the renewal; Alipay's signed answer settles it at once.
    expect(await renewAt(paid.paidUntil)).toEqual({ settled: ['commerce.subscription-payment-requested'] });
    const renewal = (await mine()).openPayment;
    await eventually(async () => (await mine()).openPayment === null, 15_000, 'the renewal deducted under the agreement');
    const renewed = await mine();
    expect(renewed.status).toBe('active');
    expect(Date.parse(renewed.paidUntil)).toBeGreaterThan(Date.parse(paid.paidUntil));
    expect(alipay.calls.filter((call) => call.method === 'alipay.trade.pay')).toEqual([
      {
        method: 'alipay.trade.pay',
        bizContent: { out_trade_no: renewal.paymentId, total_amount: '9.90', subject: '创作者月卡', product_code: 'CYCLE_PAY_AUTH', agreement_params: { agreement_no: signed.params.agreement_no } },
      },
    ]);
    // The job run again (a retry after a lost answer): Alipay says it was paid; nothing moves twice.
    await Promise.all(Array.from({ length: 5 }, () => app.api.get(CommandBus).execute(new ChargeMembership(renewal.paymentId, systemContext('test')))));
    const clearing = await app.sql(
      `SELECT transaction_id, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE account = 'assets:psp-clearing:alipay' AND transaction_id LIKE $1 GROUP BY transaction_id`,
      [`%${renewal.paymentId}`],
    );
    expect(clearing).toEqual([{ transaction_id: `membership:${renewal.paymentId}`, cents: 990 }]);
    // The period's event names the provider that took the money, so a rebuild posts it there whatever is configured by then.
    expect(await app.sql(`SELECT data->>'provider' AS provider FROM events WHERE type = 'commerce.subscription-period-paid' AND data->>'paymentId' = $1`, [renewal.paymentId])).toEqual([
      { provider: 'alipay' },
    ]);
    expect((await mine()).paidUntil).toBe(renewed.paidUntil);

    // The next month the balance is short: the refusal in Alipay's answer starts dunning.
    alipay.declineNextDeduction = true;
    await renewAt(renewed.paidUntil);
    await eventually(async () => (await mine()).status === 'past_due', 15_000, 'the refused deduction applied');

    // The member ends the agreement: renewals are theirs to pay again, and a new signing takes a new number.
    expect((await notify(alipay.agreementNotification(agreementNo, 'dut_user_unsign').body)).body).toBe('success');
    const [after] = await app.sql(`SELECT customer_ref, payment_method_ref FROM commerce_provider_customers WHERE provider = 'alipay' AND user_id = $1`, [member.id]);
    expect(after.payment_method_ref).toBeNull();
    expect(after.customer_ref).not.toBe(agreementNo);
    const retry = (await mine()).openPayment;
    expect(await app.api.get(CommandBus).execute(new ChargeMembership(retry?.paymentId ?? renewal.paymentId, systemContext('test')))).toEqual({ charged: false });
  });

  it('pays a creator through alipay.fund.trans.uni.transfer once finance approves; a refused transfer returns the money to their balance', async () => {
    const payee = await app.user('payee', ['creator']);
    const finance = await app.user('finance', ['finance']);
    const contentId = await publishContent(app, payee, moderatorToken, { priceCents: 10_000 });
    const buyer = await app.user('buyer');
    const order = (await placeOrder(app, buyer, [contentId])).body;
    expect((await notify(paidNotice(order.payment.id, '100.00').body)).body).toBe('success');
    const available = async () => (await app.request('GET', '/api/v1/creator/earnings', { token: payee.token })).body.balances[0];
    expect(await available()).toMatchObject({ availableCents: 8000 });
    const ask = async (amountCents: number) =>
      (await app.request('POST', '/api/v1/creator/payouts', { token: payee.token, body: { amountCents, currency: 'CNY' }, headers: { 'idempotency-key': randomUUID() } })).body
        .payoutId as string;
    const approve = (payoutId: string) => app.request('POST', `/api/v1/admin/finance/payouts/${payoutId}/approve`, { token: finance.token, body: {} });
    const setAccount = (body: object) => app.request('PUT', '/api/v1/creator/payout-account', { token: payee.token, body });
    const statusOf = async (payoutId: string) =>
      (await app.request('GET', '/api/v1/creator/payouts', { token: payee.token })).body.items.find((item: { payoutId: string }) => item.payoutId === payoutId).status;

    const first = await ask(5000);
    // Nowhere to send it yet: finance cannot approve it.
    expect((await approve(first)).body.code).toBe('COMMERCE.PAYOUT_ACCOUNT_MISSING');
    for (const bad of [{ provider: 'paypal', account: 'a@b.c' }, { provider: 'alipay', account: 'a b' }, { provider: 'alipay' }, { provider: 'alipay', account: 'a@b.c', name: '' }]) {
      expect([(await setAccount(bad)).status]).toEqual([400]);
    }
    // Only the caller's own account is set: a learner has no earnings to be paid.
    expect((await app.request('PUT', '/api/v1/creator/payout-account', { token: buyer.token, body: { provider: 'alipay', account: 'x@example.com' } })).status).toBe(403);
    alipay.payees.add('creator@example.com');
    expect((await setAccount({ provider: 'alipay', account: 'creator@example.com', name: '张三' })).body).toEqual({ provider: 'alipay', account: 'creator@example.com', name: '张三' });
    expect((await approve(first)).body.status).toBe('approved');
    await eventually(async () => (await statusOf(first)) === 'paid', 15_000, 'the transfer confirmed in its answer');
    expect(alipay.calls.filter((call) => call.method === 'alipay.fund.trans.uni.transfer')).toEqual([
      {
        method: 'alipay.fund.trans.uni.transfer',
        bizContent: {
          out_biz_no: first,
          trans_amount: '50.00',
          product_code: 'TRANS_ACCOUNT_NO_PWD',
          biz_scene: 'DIRECT_TRANSFER',
          order_title: 'Zhiku creator earnings',
          payee_info: { identity: 'creator@example.com', identity_type: 'ALIPAY_LOGON_ID', name: '张三' },
        },
      },
    ]);
    // Where it went is kept beside the payout encrypted (DATA_ENCRYPTION_KEY), never in clear.
    const [stored] = await app.sql(`SELECT payee FROM commerce_payouts WHERE payout_id = $1`, [first]);
    expect(stored.payee).toMatch(/^v\d+\./);
    for (const clear of ['creator@example.com', '张三']) expect(stored.payee).not.toContain(clear);
    // The job run again asks nothing; the ledger moved the money once.
    await Promise.all(Array.from({ length: 5 }, () => app.api.get(CommandBus).execute(new InstructPayout(first, systemContext('test')))));
    expect(alipay.calls.filter((call) => call.method === 'alipay.fund.trans.uni.transfer')).toHaveLength(1);
    expect(await app.sql(`SELECT account, amount_cents::int AS cents FROM commerce_ledger_lines WHERE transaction_id = $1 ORDER BY account`, [`payout:${first}`])).toEqual([
      { account: 'assets:psp-clearing:alipay', cents: -5000 },
      { account: `liabilities:creator-payable:${payee.id}`, cents: 5000 },
    ]);
    expect(await available()).toMatchObject({ availableCents: 3000, paidCents: 5000, payoutsInProgressCents: 0 });

    // An account Alipay does not know: the transfer is refused, the payout fails and the money is available again.
    const second = await ask(3000);
    await setAccount({ provider: 'alipay', account: 'nobody@example.com', name: '张三' });
    await approve(second);
    await eventually(async () => (await statusOf(second)) === 'failed', 15_000, 'the refused transfer applied');
    expect(await available()).toMatchObject({ availableCents: 3000, paidCents: 5000, payoutsInProgressCents: 0 });
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_ledger_lines WHERE transaction_id = $1`, [`payout:${second}`])).toEqual([{ n: 0 }]);

    // A transfer Alipay is still dealing with settles when reconciliation asks (alipay.fund.trans.common.query).
    alipay.transferStatus = 'DEALING';
    await setAccount({ provider: 'alipay', account: 'creator@example.com', name: '张三' });
    const third = await ask(2000);
    await approve(third);
    await eventually(async () => alipay.transfers.has(third), 15_000, 'the transfer asked for');
    expect(await statusOf(third)).toBe('approved');
    alipay.transfers.get(third)!.status = 'SUCCESS';
    await eventually(async () => (await statusOf(third)) === 'paid', 15_000, 'the transfer settled by reconciliation');
    expect(await available()).toMatchObject({ availableCents: 1000, paidCents: 7000 });

    // A creator who leaves takes where they were paid with them; the payouts and their amounts stay for the ledger.
    expect((await app.request('DELETE', '/api/v1/me', { token: payee.token, body: { password: payee.password } })).status).toBe(204);
    expect(await app.sql(`SELECT payout_id, payee, amount_cents::int AS cents FROM commerce_payouts WHERE creator_id = $1 ORDER BY amount_cents`, [payee.id])).toEqual([
      { payout_id: third, payee: null, cents: 2000 },
      { payout_id: second, payee: null, cents: 3000 },
      { payout_id: first, payee: null, cents: 5000 },
    ]);
  });

  it("compares the day's trade bill (downloadurl.query, then the zipped GBK CSV) with the ledger: differences reach finance once", async () => {
    const finance = await app.user('finance', ['finance']);
    const day = new Date().toISOString().slice(0, 10);
    const agreed = await pendingOrder(1200);
    const shortPaid = await pendingOrder(1300);
    for (const { order } of [agreed, shortPaid]) {
      const cents = order === agreed.order ? '12.00' : '13.00';
      alipay.pay(order.payment.id, cents);
      expect((await notify(paidNotice(order.payment.id, cents).body)).body).toBe('success');
    }
    // Alipay's books differ: one settled for less, one trade nobody here recorded.
    alipay.trades.get(shortPaid.order.payment.id)!.totalAmount = '12.50';
    alipay.pay('pay_alipay_ghost', '9.99');
    const run = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } });
    expect(run.status).toBe(200);
    expect(alipay.calls.filter((call) => call.method === 'alipay.data.dataservice.bill.downloadurl.query').at(-1)!.bizContent).toEqual({ bill_type: 'trade', bill_date: day });
    const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token })).body.items.filter(
      (item: { provider: string }) => item.provider === 'alipay',
    );
    const mine = listed.filter((item: { paymentId: string }) => [agreed.order.payment.id, shortPaid.order.payment.id, 'pay_alipay_ghost'].includes(item.paymentId));
    expect(mine.map(({ paymentId, kind, providerCents, ledgerCents }: Record<string, unknown>) => ({ paymentId, kind, providerCents, ledgerCents })).sort((a: { paymentId: string }, b: { paymentId: string }) => (a.paymentId < b.paymentId ? -1 : 1))).toEqual(
      [
        { paymentId: shortPaid.order.payment.id, kind: 'amount_mismatch', providerCents: 1250, ledgerCents: 1300 },
        { paymentId: 'pay_alipay_ghost', kind: 'missing_in_ledger', providerCents: 999, ledgerCents: null },
      ].sort((a, b) => (a.paymentId < b.paymentId ? -1 : 1)),
    );
    const again = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } });
    expect(again.body.recorded).toBe(0);
  });

  it("compares the refunds in the day's bill (业务类型 退款, by 退款批次号/请求号) with the ledger's: each difference reaches finance once", async () => {
    const finance = await app.user('finance', ['finance']);
    // The bill's day is Beijing's: a refund the ledger posted now is on it.
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    /** A paid order refunded in full through Alipay (which confirms in its answer): the ledger holds the refund. */
    const refunded = async (cents: number) => {
      const { learner, order } = await pendingOrder(cents);
      const yuan = (cents / 100).toFixed(2);
      alipay.pay(order.payment.id, yuan);
      expect((await notify(paidNotice(order.payment.id, yuan).body)).body).toBe('success');
      const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, { token: learner.token, body: { reason: '重复购买' }, headers: { 'idempotency-key': randomUUID() } });
      expect((await app.request('POST', `/api/v1/admin/finance/refunds/${asked.body.refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
      await eventually(async () => (await statusOf(learner, order.id)) === 'refunded', 15_000, 'the refund confirmed by Alipay');
      return { paymentId: order.payment.id, refundId: asked.body.refundId as string };
    };
    const agreed = await refunded(2000);
    const differing = await refunded(3000);
    const unbilled = await refunded(1500);
    // Alipay's bill differs: one refund for less, one the ledger never heard of, and one it does not list.
    alipay.trades.get(differing.paymentId)!.refunds.set(differing.refundId, '25.00');
    alipay.trades.get(agreed.paymentId)!.refunds.set('ghost-refund-1', '5.00');
    alipay.trades.get(unbilled.paymentId)!.refunds.delete(unbilled.refundId);

    expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).status).toBe(200);
    const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token })).body.items;
    const mine = listed
      .filter((item: { paymentId: string }) => [agreed, differing, unbilled].some((each) => each.paymentId === item.paymentId))
      .map(({ provider, paymentId, refundId, kind, providerCents, ledgerCents }: Record<string, unknown>) => ({ provider, paymentId, refundId, kind, providerCents, ledgerCents }));
    const byRefund = (a: { refundId: string }, b: { refundId: string }) => (a.refundId < b.refundId ? -1 : 1);
    expect(mine.sort(byRefund)).toEqual(
      [
        { provider: 'alipay', paymentId: differing.paymentId, refundId: differing.refundId, kind: 'refund_amount_mismatch', providerCents: 2500, ledgerCents: 3000 },
        { provider: 'alipay', paymentId: agreed.paymentId, refundId: 'ghost-refund-1', kind: 'refund_missing_in_ledger', providerCents: 500, ledgerCents: null },
        { provider: 'alipay', paymentId: unbilled.paymentId, refundId: unbilled.refundId, kind: 'refund_missing_at_provider', providerCents: null, ledgerCents: 1500 },
      ].sort(byRefund),
    );
    expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).body.recorded).toBe(0);
  });

  it("reads Alipay's bill days as Beijing's: a capture at 17:30 UTC belongs to the next day's bill", async () => {
    const finance = await app.user('finance', ['finance']);
    const paymentId = randomUUID();
    // A capture the ledger holds and no bill lists, posted on 1 March at 17:30 UTC (2 March, 01:30 in Beijing).
    await app.sql(
      `INSERT INTO commerce_ledger_lines (transaction_id, account, amount_cents, currency, posted_at)
       VALUES ($1, 'assets:psp-clearing:alipay', 500, 'CNY', $2), ($1, 'revenue:platform-fees', -500, 'CNY', $2)`,
      [`order-paid:${paymentId}`, '2026-03-01T17:30:00Z'],
    );
    const differencesOn = async (day: string) => {
      expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).status).toBe(200);
      const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token })).body.items;
      return listed.filter((item: { paymentId: string; day: string }) => item.paymentId === paymentId).map(({ day: on, kind }: { day: string; kind: string }) => ({ day: on, kind }));
    };
    expect(await differencesOn('2026-03-01')).toEqual([]);
    expect(await differencesOn('2026-03-02')).toEqual([{ day: '2026-03-02', kind: 'missing_at_provider' }]);
  });
});
