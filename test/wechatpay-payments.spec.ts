import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { placeOrder, publishContent, creatorWithEarnings } from './support/journeys.js';
import { FakeWechatPay } from './support/fake-wechatpay.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/** WeChat Pay API v3: signed notifications with encrypted resources, and signed calls to a local server. */
describe('wechat pay payments', () => {
  let wechat: FakeWechatPay;
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    wechat = await FakeWechatPay.start();
    app = await TestApp.start({
      worker: true,
      env: { ...wechat.env(), WECHATPAY_TRANSFER_API: 'batches', RECONCILE_PENDING_AFTER_MINUTES: '0', RECONCILE_EVERY_MS: '1000', EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '1000' },
    });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app?.close();
    await wechat?.close();
  });

  const notify = ({ body, headers }: { body: string; headers: Record<string, string> }) =>
    app.request('POST', '/api/v1/webhooks/payments/wechatpay', { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });
  const statusOf = async (learner: TestUser, orderId: string) => (await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: learner.token })).body.status;
  const inboxCount = async () => (await app.sql(`SELECT count(*)::int AS n FROM commerce_webhook_events`))[0].n as number;

  /** A creator who sold one item for 100.00 (80.00 theirs, available at once), and what they and finance do about payouts. */

  /** A pending order whose Native payment was opened (the buyer has the code to scan). */
  const openedOrder = async (priceCents: number) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.body.payment.provider).toBe('wechatpay');
    const checkout = await app.request('POST', `/api/v1/me/orders/${order.body.id}/checkout`, { token: learner.token });
    expect(checkout.status).toBe(200);
    expect(checkout.body.url).toBe(wechat.orders.get(order.body.payment.id)!.codeUrl);
    return { learner, contentId, order: order.body as { id: string; payment: { id: string } } };
  };

  it('opens a Native payment with a signed request and settles the order from the signed, encrypted notification', async () => {
    const { learner, order } = await openedOrder(9900);
    const opened = wechat.calls.find((call) => call.path === '/v3/pay/transactions/native' && call.body?.out_trade_no === order.payment.id);
    expect(opened?.body).toMatchObject({ appid: wechat.appId, mchid: wechat.mchId, amount: { total: 9900, currency: 'CNY' } });

    const paid = await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, 9900)));
    expect([paid.status, paid.body]).toEqual([200, { received: true, duplicate: false, status: 'processed' }]);
    expect(await statusOf(learner, order.id)).toBe('paid');
    const ledger = await app.sql(`SELECT account, sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 AND account LIKE 'assets:%' GROUP BY account`, [
      order.id,
    ]);
    expect(ledger).toEqual([{ account: 'assets:psp-clearing:wechatpay', cents: 9900 }]);
  });

  it('refuses forged, tampered, stale, unsigned and undecryptable notifications with problem+json, changing nothing', async () => {
    const { learner, order } = await openedOrder(1000);
    const before = await inboxCount();
    const transaction = wechat.transaction(order.payment.id, 1000);
    const genuine = wechat.notification('TRANSACTION.SUCCESS', transaction);
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { 'wechatpay-signature': _, ...unsigned } = genuine.headers;
    const resource = JSON.parse(genuine.body).resource;
    const flipped = Buffer.from(resource.ciphertext, 'base64');
    flipped[0] ^= 1;
    const tamperedCiphertext = JSON.stringify({ ...JSON.parse(genuine.body), resource: { ...resource, ciphertext: flipped.toString('base64') } });
    const cases: [{ body: string; headers: Record<string, string> }, number, string][] = [
      [wechat.notification('TRANSACTION.SUCCESS', transaction, { key: forger.privateKey }), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [{ body: genuine.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" '), headers: genuine.headers }, 401, 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [{ body: genuine.body, headers: unsigned }, 401, 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED'],
      [wechat.notification('TRANSACTION.SUCCESS', transaction, { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 401, 'COMMERCE.WEBHOOK_SIGNATURE_STALE'],
      [wechat.notification('TRANSACTION.SUCCESS', transaction, { serial: 'PUB_KEY_ID_someone_else' }), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      // Signed by WeChat Pay, but the resource does not open with our APIv3 key (or was altered): unreadable.
      [wechat.notification('TRANSACTION.SUCCESS', transaction, { apiV3Key: 'k'.repeat(32) }), 400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID'],
      [{ body: tamperedCiphertext, headers: wechat.signedHeaders(tamperedCiphertext) }, 400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID'],
      [wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, 1000, 'SUCCESS', '1900000999')), 400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID'],
    ];
    for (const [notification, status, code] of cases) {
      const response = await notify(notification);
      expect([response.status, response.headers['content-type'], response.body.code]).toEqual([status, expect.stringContaining('application/problem+json'), code]);
    }
    expect(await inboxCount()).toBe(before);
    expect(await statusOf(learner, order.id)).toBe('pending');
  });

  it('takes a notification 10x at once and its replay as one payment; refuses a wrong amount and an unknown order', async () => {
    const { learner, order } = await openedOrder(2000);
    const short = await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, 1999)));
    expect([short.status, short.body.code]).toEqual([422, 'COMMERCE.PAYMENT_AMOUNT_MISMATCH']);
    const unknown = await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction('pay_nobody_opened_this', 2000)));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'COMMERCE.PAYMENT_NOT_FOUND']);
    expect(await statusOf(learner, order.id)).toBe('pending');

    const notification = wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, 2000));
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(notification)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => !answer.body.duplicate)).toHaveLength(1);
    expect((await notify(notification)).body).toEqual({ received: true, duplicate: true, status: 'processed' });
    expect(await statusOf(learner, order.id)).toBe('paid');
    const [{ n }] = await app.sql(`SELECT count(DISTINCT transaction_id)::int AS n FROM commerce_ledger_lines WHERE order_id = $1`, [order.id]);
    expect(n).toBe(1);
  });

  it('settles a payment whose notification never came by querying WeChat Pay (signed answer verified)', async () => {
    const { learner, order } = await openedOrder(3000);
    wechat.pay(order.payment.id);
    await eventually(async () => (await statusOf(learner, order.id)) === 'paid', 15_000, 'the payment settled by reconciliation');
    expect(wechat.calls.some((call) => call.method === 'GET' && call.path === `/v3/pay/transactions/out-trade-no/${order.payment.id}`)).toBe(true);
  });

  it('asks WeChat Pay to refund an approved refund and applies REFUND.SUCCESS when it comes', async () => {
    const finance = await app.user('finance', ['finance']);
    const { learner, contentId, order } = await openedOrder(4000);
    await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, 4000)));
    const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: learner.token,
      body: { reason: '重复购买' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const refundId = asked.body.refundId as string;
    expect((await app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
    const call = await eventually(async () => wechat.calls.find((each) => each.path === '/v3/refund/domestic/refunds' && each.body?.out_refund_no === refundId), 15_000, 'the refund request');
    expect(call.body).toMatchObject({ out_trade_no: order.payment.id, amount: { refund: 4000, total: 4000, currency: 'CNY' } });
    expect(await statusOf(learner, order.id)).toBe('paid'); // PROCESSING: nothing moves until WeChat Pay says so

    const refunded = await notify(
      wechat.notification(
        'REFUND.SUCCESS',
        { mchid: wechat.mchId, out_trade_no: order.payment.id, out_refund_no: refundId, refund_status: 'SUCCESS', amount: { total: 4000, refund: 4000, payer_total: 4000, payer_refund: 4000 } },
        { associatedData: 'refund' },
      ),
    );
    expect(refunded.body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect(await statusOf(learner, order.id)).toBe('refunded');
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access).not.toBe('full');
  });

  it('has a member sign a deduction contract with their first payment, deducts renewals under it (委托代扣), and dunning follows a failed one', async () => {
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
    const contractOf = async () =>
      (await app.sql(`SELECT customer_ref, payment_method_ref FROM commerce_provider_customers WHERE provider = 'wechatpay' AND user_id = $1`, [member.id]))[0];

    // The checkout gives the code to pay the first month and, apart, the contract to sign.
    const firstPayment = subscription.openPayment.paymentId as string;
    const checkout = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/checkout`, { token: member.token });
    expect(checkout.body).toMatchObject({ provider: 'wechatpay', paymentId: firstPayment, url: wechat.orders.get(firstPayment)!.codeUrl });
    expect(checkout.body.agreementUrl).toMatch(/^https:\/\/wechatpay\.local\/papay\/entrustweb\?pre_entrustweb_id=/);
    const presign = wechat.calls.find((call) => call.path === '/v3/papay/sign/contracts/pre-entrust-sign')!;
    expect(presign.body).toMatchObject({
      sign_scene: 'SIGN_SCENE_QRCODE',
      appid: wechat.appId,
      plan_id: wechat.papayPlanId,
      out_contract_code: expect.stringMatching(/^[0-9a-f]{32}$/),
      contract_notify_url: 'https://zhiku.example/api/v1/webhooks/payments/wechatpay',
      // The member's device as far as the api knows it: the address the checkout came from, the rest unknown.
      device_info: {
        device_type: 'DEVICE_TYPE_UNKNOW',
        device_os: 'unknown',
        device_id: 'unknown',
        device_running_as_root: false,
        device_ip: expect.stringMatching(/^[\d.:a-f]+$/),
        weixin_installed: false,
        weixin_version: 'unknown',
        days_since_first_login: 'DAYS_SINCE_FIRST_LOGIN_UNKNOW',
      },
    });
    const contractCode = presign.body!.out_contract_code as string;
    // A forged signing changes nothing; WeChat Pay's own is kept.
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await notify(wechat.contractNotification(contractCode, 'ENTRUST.SIGN', { key: forger.privateKey }))).status).toBe(401);
    expect((await contractOf()).payment_method_ref).toBeNull();
    // A contract of another deduction template of the merchant's is not this membership's.
    expect((await notify(wechat.contractNotification(contractCode, 'ENTRUST.SIGN', { resource: { plan_id: 99999 } }))).status).toBe(200);
    expect((await contractOf()).payment_method_ref).toBeNull();
    // Signed as published samples show it (the merchant as sub_mchid, no mchid): kept.
    const signed = wechat.contractNotification(contractCode, 'ENTRUST.SIGN', { resource: { sub_mchid: wechat.mchId, sp_mchid: '1900000001' }, without: ['mchid'] });
    expect((await notify(signed)).status).toBe(200);
    expect((await contractOf()).payment_method_ref).toBe(signed.contract.contractId);
    wechat.pay(firstPayment);
    expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(firstPayment, 990)))).status).toBe(200);
    const paid = await mine();
    expect(paid.status).toBe('active');

    // A day before the month ends the worker asks WeChat Pay to deduct the renewal; its notification settles it.
    await renewAt(paid.paidUntil);
    const renewal = (await mine()).openPayment.paymentId as string;
    const applied = await eventually(async () => wechat.calls.find((call) => call.path === '/v3/papay/pay/transactions/apply'), 15_000, 'the deduction asked for');
    expect(applied.body).toEqual({
      appid: wechat.appId,
      out_trade_no: renewal,
      description: '创作者月卡',
      transaction_notify_url: 'https://zhiku.example/api/v1/webhooks/payments/wechatpay',
      contract_id: signed.contract.contractId,
      amount: { total: 990, currency: 'CNY' },
    });
    const deducted = wechat.notification('TRANSACTION.SUCCESS', { ...wechat.transaction(renewal, 990), trade_type: 'PAP', contract_id: signed.contract.contractId });
    expect((await Promise.all(Array.from({ length: 5 }, () => notify(deducted)))).map((answer) => answer.status)).toEqual(Array(5).fill(200));
    const renewed = await mine();
    expect(renewed).toMatchObject({ status: 'active', openPayment: null });
    expect(Date.parse(renewed.paidUntil)).toBeGreaterThan(Date.parse(paid.paidUntil));
    expect(await app.sql(`SELECT sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE transaction_id = $1 AND account = 'assets:psp-clearing:wechatpay'`, [`membership:${renewal}`])).toEqual([
      { cents: 990 },
    ]);

    // The next month the deduction fails (PAYERROR): dunning starts.
    wechat.declineNextDeduction = true;
    await renewAt(renewed.paidUntil);
    const failing = (await mine()).openPayment.paymentId as string;
    await eventually(async () => wechat.orders.get(failing)?.state === 'PAYERROR', 15_000, 'the deduction tried');
    const failed = wechat.notification('TRANSACTION.SUCCESS', { ...wechat.transaction(failing, 990, 'PAYERROR'), trade_state_desc: '余额不足' });
    expect((await notify(failed)).status).toBe(200);
    expect((await mine()).status).toBe('past_due');

    // The member ends the contract: nothing more is deducted, and signing again takes a new code.
    expect((await notify(wechat.contractNotification(contractCode, 'ENTRUST.TERMINATE'))).status).toBe(200);
    const ended = await contractOf();
    expect(ended.payment_method_ref).toBeNull();
    expect(ended.customer_ref).not.toBe(contractCode);
  });

  it('pays a creator by a merchant transfer to their openid (/v3/transfer/batches); the detail\'s status settles it, a failed one returns the money', async () => {
    const creatorSide = await creatorWithEarnings(app, moderatorToken, async (paymentId) => {
      wechat.orders.set(paymentId, { outTradeNo: paymentId, total: 10_000, codeUrl: '', state: 'SUCCESS', transactionId: `4200001${randomUUID().slice(0, 8)}` });
      expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(paymentId, 10_000)))).status).toBe(200);
    });
    const { ask, approve, setAccount, balance, statusOf } = creatorSide;
    expect(await balance()).toMatchObject({ availableCents: 8000 });
    const openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    expect((await setAccount({ provider: 'wechatpay', account: openid })).body).toEqual({ provider: 'wechatpay', account: openid, name: null });

    const first = await ask(5000);
    expect((await approve(first)).body.status).toBe('approved');
    const batchNo = first.replace(/-/g, '');
    await eventually(async () => wechat.transfers.has(batchNo), 15_000, 'the transfer asked for');
    expect(wechat.calls.find((call) => call.path === '/v3/transfer/batches')!.body).toEqual({
      appid: wechat.appId,
      out_batch_no: batchNo,
      batch_name: 'Zhiku creator earnings',
      batch_remark: 'Zhiku creator earnings',
      total_amount: 5000,
      total_num: 1,
      transfer_detail_list: [{ out_detail_no: batchNo, transfer_amount: 5000, transfer_remark: 'Zhiku creator earnings', openid }],
      notify_url: 'https://zhiku.example/api/v1/webhooks/payments/wechatpay',
    });
    // Accepted is not paid: the money stays on its way until WeChat Pay says.
    expect(await statusOf(first)).toBe('approved');
    expect(await balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 5000, paidCents: 0 });
    wechat.transfers.get(batchNo)!.detailStatus = 'SUCCESS';
    await eventually(async () => (await statusOf(first)) === 'paid', 15_000, 'the transfer settled by its detail status');
    expect(await balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 0, paidCents: 5000 });
    expect(await app.sql(`SELECT sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE transaction_id = $1 AND account = 'assets:psp-clearing:wechatpay'`, [`payout:${first}`])).toEqual([
      { cents: -5000 },
    ]);
    expect(wechat.calls.filter((call) => call.path === '/v3/transfer/batches')).toHaveLength(1);

    const second = await ask(3000);
    await approve(second);
    await eventually(async () => wechat.transfers.has(second.replace(/-/g, '')), 15_000, 'the second transfer asked for');
    Object.assign(wechat.transfers.get(second.replace(/-/g, ''))!, { detailStatus: 'FAIL', failReason: 'OPENID_INVALID' });
    await eventually(async () => (await statusOf(second)) === 'failed', 15_000, 'the failed transfer applied');
    expect(await balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 0, paidCents: 5000 });
  });

  it('reads the MCHTRANSFER.* notifications: each transfer settles its payout once, in any order with the reconciliation query; a failed one returns the money once', async () => {
    const { ask, approve, setAccount, balance, statusOf } = await creatorWithEarnings(app, moderatorToken, async (paymentId) => {
      wechat.orders.set(paymentId, { outTradeNo: paymentId, total: 10_000, codeUrl: '', state: 'SUCCESS', transactionId: `4200001${randomUUID().slice(0, 8)}` });
      expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(paymentId, 10_000)))).status).toBe(200);
    });
    expect((await setAccount({ provider: 'wechatpay', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })).status).toBe(200);
    const approved = async (amountCents: number) => {
      const payoutId = await ask(amountCents);
      expect((await approve(payoutId)).body.status).toBe('approved');
      await eventually(async () => wechat.transfers.has(payoutId.replace(/-/g, '')), 15_000, 'the transfer asked for');
      return { payoutId, number: payoutId.replace(/-/g, '') };
    };
    const events = async (payoutId: string) =>
      (await app.sql(`SELECT type FROM events WHERE stream_id LIKE 'payouts-%' AND data->>'payoutId' = $1 AND type IN ('commerce.payout-paid', 'commerce.payout-failed') ORDER BY global_position`, [payoutId])).map(
        (row: { type: string }) => row.type,
      );

    // A transfer that failed (its detail still "processing" when asked): ten deliveries at once are one failure.
    const failing = await approved(2000);
    expect(await balance()).toMatchObject({ availableCents: 6000, payoutsInProgressCents: 2000 });
    const failure = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', failing.number, { state: 'FAIL', fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(failure)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    expect(await statusOf(failing.payoutId)).toBe('failed');
    expect(await balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0, paidCents: 0 });
    expect(await events(failing.payoutId)).toEqual(['commerce.payout-failed']);
    const inbox = await app.sql(`SELECT event_id, status FROM commerce_webhook_events WHERE object_id = $1`, [failing.payoutId]);
    expect(inbox).toEqual([{ event_id: `wechatpay-payout:${failing.payoutId}:failed`, status: 'processed' }]);

    // A cancelled transfer bill, and a closed batch, paid nothing either.
    const cancelled = await approved(1000);
    expect((await notify(wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', cancelled.number, { state: 'CANCELLED' }))).body).toMatchObject({ duplicate: false, status: 'processed' });
    const closed = await approved(1500);
    expect((await notify(wechat.transferNotification('MCHTRANSFER.BATCH.CLOSED', closed.number, { close_reason: 'MERCHANT_REVOCATION' }))).body).toMatchObject({ status: 'processed' });
    expect([await statusOf(cancelled.payoutId), await statusOf(closed.payoutId)]).toEqual(['failed', 'failed']);
    expect(await balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0 });

    // A finished batch is asked about its detail: still processing says nothing yet; failed fails it (whether the query or the notification gets there first).
    const batched = await approved(1200);
    expect((await notify(wechat.transferNotification('MCHTRANSFER.BATCH.FINISHED', batched.number))).body).toMatchObject({ duplicate: false, status: 'ignored' });
    expect(await statusOf(batched.payoutId)).toBe('approved');
    Object.assign(wechat.transfers.get(batched.number)!, { detailStatus: 'FAIL', failReason: 'ACCOUNT_FROZEN' });
    expect((await notify(wechat.transferNotification('MCHTRANSFER.BATCH.FINISHED', batched.number))).status).toBe(200);
    expect(await statusOf(batched.payoutId)).toBe('failed');
    expect(await events(batched.payoutId)).toEqual(['commerce.payout-failed']);
    expect(await balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0 });

    // A state that is not final says nothing yet.
    const paying = await approved(5000);
    const accepted = await notify(wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', paying.number, { state: 'ACCEPTED' }));
    expect(accepted.body).toMatchObject({ duplicate: false, status: 'ignored' });
    expect(await statusOf(paying.payoutId)).toBe('approved');
    // The reconciliation query hears of the success first; the notifications that come after find it applied.
    wechat.transfers.get(paying.number)!.detailStatus = 'SUCCESS';
    await eventually(async () => (await statusOf(paying.payoutId)) === 'paid', 15_000, 'the transfer settled by the query');
    const finished = wechat.transferNotification('MCHTRANSFER.BATCH.FINISHED', paying.number, { success_num: 1, success_amount: 5000, fail_num: 0, fail_amount: 0 });
    expect((await notify(finished)).body).toMatchObject({ duplicate: true, status: 'processed' });
    expect((await notify(wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', paying.number))).body).toMatchObject({ duplicate: true, status: 'processed' });
    expect(await statusOf(paying.payoutId)).toBe('paid');
    expect(await events(paying.payoutId)).toEqual(['commerce.payout-paid']);
    expect(await balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 0, paidCents: 5000 });

    // Forged, or about a payout nobody approved here: refused, nothing changes.
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', cancelled.number, { state: 'SUCCESS' });
    const forgedBody = forged.body;
    expect((await notify({ body: forgedBody, headers: wechat.signedHeaders(forgedBody, { key: forger.privateKey }) })).status).toBe(401);
    const stranger = await notify(wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', randomUUID().replace(/-/g, ''), { state: 'FAIL' }));
    expect([stranger.status, stranger.body.code]).toEqual([404, 'COMMERCE.PAYOUT_NOT_FOUND']);
    expect(await statusOf(cancelled.payoutId)).toBe('failed');
  });

  it('sends the real name of a payee of 2,000 yuan or more encrypted for WeChat Pay alone (user_name, Wechatpay-Serial); approving one without a name is refused', async () => {
    const { ask, approve, setAccount, statusOf } = await creatorWithEarnings(
      app,
      moderatorToken,
      async (paymentId) => {
        wechat.orders.set(paymentId, { outTradeNo: paymentId, total: 300_000, codeUrl: '', state: 'SUCCESS', transactionId: `4200001${randomUUID().slice(0, 8)}` });
        expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(paymentId, 300_000)))).status).toBe(200);
      },
      300_000,
    );
    const openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6n';
    expect((await setAccount({ provider: 'wechatpay', account: openid })).status).toBe(200);
    const large = await ask(220_000);
    const refused = await approve(large);
    expect([refused.status, refused.headers['content-type'], refused.body.code]).toEqual([409, expect.stringContaining('application/problem+json'), 'COMMERCE.PAYOUT_PAYEE_NAME_MISSING']);
    expect(await statusOf(large)).toBe('requested');

    expect((await setAccount({ provider: 'wechatpay', account: openid, name: '张三' })).body).toEqual({ provider: 'wechatpay', account: openid, name: '张三' });
    expect((await approve(large)).body.status).toBe('approved');
    const batchNo = large.replace(/-/g, '');
    await eventually(async () => wechat.transfers.has(batchNo), 15_000, 'the named transfer asked for');
    const call = wechat.calls.find((each) => each.path === '/v3/transfer/batches' && each.body?.out_batch_no === batchNo)!;
    const [detail] = call.body!.transfer_detail_list as { user_name: string; openid: string; transfer_amount: number }[];
    // Only the holder of WeChat Pay's private key reads the name, and the request names that key.
    expect(detail).toMatchObject({ openid, transfer_amount: 220_000, user_name: expect.not.stringContaining('张三') });
    expect(call.headers['wechatpay-serial']).toBe(wechat.platformKeyId);
    expect(wechat.transfers.get(batchNo)!.userName).toBe('张三');
    // Kept encrypted on the payout too.
    const [row] = await app.sql(`SELECT payee FROM commerce_payouts WHERE payout_id = $1`, [large]);
    expect(row.payee).not.toContain('张三');
    expect(row.payee).not.toContain(openid);
  });

  it("compares the day's trade bill (/v3/bill/tradebill, gzipped download checked against its SHA1) with the ledger: differences reach finance once", async () => {
    const finance = await app.user('finance', ['finance']);
    const day = new Date().toISOString().slice(0, 10);
    const agreed = await openedOrder(1200);
    const shortPaid = await openedOrder(1300);
    for (const { order } of [agreed, shortPaid]) {
      const total = order === agreed.order ? 1200 : 1300;
      wechat.pay(order.payment.id);
      expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, total)))).status).toBe(200);
    }
    // WeChat Pay's books differ: one settled for less, one order nobody here recorded.
    wechat.orders.get(shortPaid.order.payment.id)!.total = 1250;
    wechat.orders.set('pay_wechat_ghost', { outTradeNo: 'pay_wechat_ghost', total: 999, codeUrl: '', state: 'SUCCESS', transactionId: '4200001ghost' });
    const run = await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } });
    expect(run.status).toBe(200);
    expect(wechat.calls.some((call) => call.path === '/v3/bill/tradebill') && wechat.calls.some((call) => call.path === '/v3/billdownload/file')).toBe(true);
    const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token })).body.items;
    const mine = listed.filter((item: { paymentId: string }) => [agreed.order.payment.id, shortPaid.order.payment.id, 'pay_wechat_ghost'].includes(item.paymentId));
    const byId = (a: { paymentId: string }, b: { paymentId: string }) => (a.paymentId < b.paymentId ? -1 : 1);
    expect(mine.map(({ provider, paymentId, kind, providerCents, ledgerCents }: Record<string, unknown>) => ({ provider, paymentId, kind, providerCents, ledgerCents })).sort(byId)).toEqual(
      [
        { provider: 'wechatpay', paymentId: shortPaid.order.payment.id, kind: 'amount_mismatch', providerCents: 1250, ledgerCents: 1300 },
        { provider: 'wechatpay', paymentId: 'pay_wechat_ghost', kind: 'missing_in_ledger', providerCents: 999, ledgerCents: null },
      ].sort(byId),
    );
    expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).body.recorded).toBe(0);
  });

  it("compares the refunds in the day's REFUND bill (商户退款单号, 退款金额, 退款状态) with the ledger's: each difference reaches finance once", async () => {
    const finance = await app.user('finance', ['finance']);
    // The bill's day is Beijing's: a refund the ledger posted now is on it.
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    /** A paid order refunded in full: WeChat Pay asked, then its REFUND.SUCCESS applied. */
    const refunded = async (cents: number) => {
      const { learner, order } = await openedOrder(cents);
      wechat.pay(order.payment.id);
      expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(order.payment.id, cents)))).status).toBe(200);
      const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, { token: learner.token, body: { reason: '重复购买' }, headers: { 'idempotency-key': randomUUID() } });
      const refundId = asked.body.refundId as string;
      expect((await app.request('POST', `/api/v1/admin/finance/refunds/${refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
      await eventually(async () => wechat.refunds.has(refundId), 15_000, 'the refund asked for');
      const resource = { mchid: wechat.mchId, out_trade_no: order.payment.id, out_refund_no: refundId, refund_status: 'SUCCESS', amount: { total: cents, refund: cents, payer_total: cents, payer_refund: cents } };
      expect((await notify(wechat.notification('REFUND.SUCCESS', resource, { associatedData: 'refund' }))).status).toBe(200);
      expect(await statusOf(learner, order.id)).toBe('refunded');
      return { paymentId: order.payment.id, refundId };
    };
    const agreed = await refunded(2100);
    const differing = await refunded(3100);
    const unbilled = await refunded(1600);
    // WeChat Pay's bill differs: one refund for less, one the ledger never heard of, and one it does not list.
    wechat.refunds.get(differing.refundId)!.amount = 2600;
    wechat.refunds.set('ghostrefund2', { outTradeNo: agreed.paymentId, amount: 700, status: 'SUCCESS' });
    wechat.refunds.delete(unbilled.refundId);

    expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).status).toBe(200);
    expect(wechat.calls.some((call) => call.path === '/v3/bill/tradebill' && call.method === 'GET')).toBe(true);
    const listed = (await app.request('GET', '/api/v1/admin/finance/reconciliation', { token: finance.token })).body.items;
    const mine = listed
      .filter((item: { paymentId: string; refundId: string | null }) => item.refundId !== null && [agreed, differing, unbilled].some((each) => each.paymentId === item.paymentId))
      .map(({ provider, paymentId, refundId, kind, providerCents, ledgerCents }: Record<string, unknown>) => ({ provider, paymentId, refundId, kind, providerCents, ledgerCents }));
    const byRefund = (a: { refundId: string }, b: { refundId: string }) => (a.refundId < b.refundId ? -1 : 1);
    expect(mine.sort(byRefund)).toEqual(
      [
        { provider: 'wechatpay', paymentId: differing.paymentId, refundId: differing.refundId, kind: 'refund_amount_mismatch', providerCents: 2600, ledgerCents: 3100 },
        { provider: 'wechatpay', paymentId: agreed.paymentId, refundId: 'ghostrefund2', kind: 'refund_missing_in_ledger', providerCents: 700, ledgerCents: null },
        { provider: 'wechatpay', paymentId: unbilled.paymentId, refundId: unbilled.refundId, kind: 'refund_missing_at_provider', providerCents: null, ledgerCents: 1600 },
      ].sort(byRefund),
    );
    expect((await app.request('POST', '/api/v1/admin/finance/reconciliation/runs', { token: finance.token, body: { day } })).body.recorded).toBe(0);
  });
});
