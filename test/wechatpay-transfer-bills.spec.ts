import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { InstructPayout } from '../libs/commerce/src/commands/instruct-payout.js';
import { creatorWithEarnings } from './support/journeys.js';
import { FakeWechatPay } from './support/fake-wechatpay.js';
import { eventually, TestApp } from './support/test-app.js';

/** Creator payouts through WeChat Pay's transfer bills (商家转账, WECHATPAY_TRANSFER_API=bills, the default). */
describe('wechat pay transfer bills', () => {
  let wechat: FakeWechatPay;
  let app: TestApp;
  let moderatorToken: string;
  beforeAll(async () => {
    wechat = await FakeWechatPay.start();
    const { WECHATPAY_TRANSFER_API: _default, ...env } = wechat.env();
    app = await TestApp.start({
      worker: true,
      env: { ...env, RECONCILE_PENDING_AFTER_MINUTES: '0', RECONCILE_EVERY_MS: '1000', EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '1000' },
    });
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app?.close();
    await wechat?.close();
  });

  const notify = ({ body, headers }: { body: string; headers: Record<string, string> }) =>
    app.request('POST', '/api/v1/webhooks/payments/wechatpay', { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });
  const earning = (total: number) => async (paymentId: string) => {
    wechat.orders.set(paymentId, { outTradeNo: paymentId, total, codeUrl: '', state: 'SUCCESS', transactionId: `4200001${randomUUID().slice(0, 8)}` });
    expect((await notify(wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(paymentId, total)))).status).toBe(200);
  };
  const confirmation = (token: string, payoutId: string) => app.request('GET', `/api/v1/creator/payouts/${payoutId}/wechat-confirmation`, { token });
  const events = async (payoutId: string) =>
    (await app.sql(`SELECT type FROM events WHERE stream_id LIKE 'payouts-%' AND data->>'payoutId' = $1 AND type IN ('commerce.payout-paid', 'commerce.payout-failed') ORDER BY global_position`, [payoutId])).map(
      (row: { type: string }) => row.type,
    );

  it('pays an approved payout by a transfer bill the creator confirms in WeChat (package_info theirs alone); SUCCESS pays it once', async () => {
    const side = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    const other = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    const openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    expect((await side.setAccount({ provider: 'wechatpay', account: openid })).status).toBe(200);

    const payoutId = await side.ask(5000);
    // Before approval there is nothing to confirm.
    expect((await confirmation(side.payee.token, payoutId)).status).toBe(404);
    expect((await side.approve(payoutId)).body.status).toBe('approved');
    const number = payoutId.replace(/-/g, '');
    await eventually(async () => wechat.bills.has(number), 15_000, 'the transfer bill asked for');
    const bill = wechat.bills.get(number)!;
    expect(bill.body).toEqual({
      appid: wechat.appId,
      out_bill_no: number,
      transfer_scene_id: '1005',
      openid,
      transfer_amount: 5000,
      transfer_remark: 'Zhiku creator earnings',
      notify_url: 'https://zhiku.example/api/v1/webhooks/payments/wechatpay',
      transfer_scene_report_infos: [
        { info_type: '岗位类型', info_content: '知识创作者' },
        { info_type: '报酬说明', info_content: '知库创作收益' },
      ],
    });
    expect(wechat.calls.filter((call) => call.path === '/v3/transfer/batches')).toHaveLength(0);

    // Waiting for the creator: the money is on its way, and only they get what their WeChat client confirms with.
    await eventually(async () => (await confirmation(side.payee.token, payoutId)).body.packageInfo !== null, 15_000, 'the package kept');
    const mine = await confirmation(side.payee.token, payoutId);
    expect([mine.status, mine.body]).toEqual([
      200,
      { payoutId, status: 'approved', billState: 'WAIT_USER_CONFIRM', mchId: wechat.mchId, appId: wechat.appId, packageInfo: bill.packageInfo },
    ]);
    const theirs = await confirmation(other.payee.token, payoutId);
    expect([theirs.status, theirs.headers['content-type'], theirs.body.code]).toEqual([404, expect.stringContaining('application/problem+json'), 'COMMERCE.PAYOUT_NOT_FOUND']);
    expect(JSON.stringify(theirs.body)).not.toContain(bill.packageInfo);
    expect((await app.request('GET', `/api/v1/creator/payouts/${payoutId}/wechat-confirmation`)).status).toBe(401);
    expect((await confirmation(side.payee.token, 'not-a-uuid')).status).toBe(400);
    expect((await confirmation(side.payee.token, randomUUID())).status).toBe(404);
    // The job run again (a retry after a crash), five times at once: the bill made is found, no second one made, the package kept.
    const reruns = await Promise.all(Array.from({ length: 5 }, () => app.api.get(CommandBus).execute(new InstructPayout(payoutId, systemContext('test')))));
    expect(reruns).toEqual(Array(5).fill({ instructed: true }));
    expect(wechat.calls.filter((call) => call.method === 'POST' && call.path === '/v3/fund-app/mch-transfer/transfer-bills' && call.body?.out_bill_no === number)).toHaveLength(1);
    expect((await confirmation(side.payee.token, payoutId)).body.packageInfo).toBe(bill.packageInfo);
    expect(await side.statusOf(payoutId)).toBe('approved');
    expect(await side.balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 5000, paidCents: 0 });

    // The creator confirmed; WeChat Pay paid and says so (ten copies at once): paid once.
    bill.state = 'SUCCESS';
    const success = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', number, { state: 'SUCCESS', transfer_bill_no: bill.transferBillNo });
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(success)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    expect(await side.statusOf(payoutId)).toBe('paid');
    expect(await events(payoutId)).toEqual(['commerce.payout-paid']);
    expect(await side.balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 0, paidCents: 5000 });
    // Paid: nothing more to confirm, and one bill was ever asked for however often the job and reconciliation ran.
    expect((await confirmation(side.payee.token, payoutId)).body).toMatchObject({ status: 'paid', billState: 'SUCCESS', packageInfo: null });
    expect(wechat.calls.filter((call) => call.method === 'POST' && call.path === '/v3/fund-app/mch-transfer/transfer-bills' && call.body?.out_bill_no === number)).toHaveLength(1);
  });

  it('a bill failed or left unconfirmed until WeChat Pay cancels it fails the payout and returns the money once (10 duplicate notifications at once, or the query)', async () => {
    const side = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    expect((await side.setAccount({ provider: 'wechatpay', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6p' })).status).toBe(200);
    const approved = async (amountCents: number) => {
      const payoutId = await side.ask(amountCents);
      expect((await side.approve(payoutId)).body.status).toBe('approved');
      const number = payoutId.replace(/-/g, '');
      await eventually(async () => wechat.bills.has(number), 15_000, 'the transfer bill asked for');
      return { payoutId, number };
    };

    // Failed: ten copies of the notification at once are one failure, one return of the money.
    const failing = await approved(2000);
    expect(await side.balance()).toMatchObject({ availableCents: 6000, payoutsInProgressCents: 2000 });
    const failure = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', failing.number, { state: 'FAIL', fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(failure)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    expect(await side.statusOf(failing.payoutId)).toBe('failed');
    expect(await events(failing.payoutId)).toEqual(['commerce.payout-failed']);
    expect(await side.balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0, paidCents: 0 });
    expect((await confirmation(side.payee.token, failing.payoutId)).body).toMatchObject({ status: 'failed', packageInfo: null });

    // Left unconfirmed: WeChat Pay cancels the bill. Its notification (ten at once) and the reconciliation query are one failure.
    const unconfirmed = await approved(3000);
    expect((await confirmation(side.payee.token, unconfirmed.payoutId)).body.billState).toBe('WAIT_USER_CONFIRM');
    wechat.bills.get(unconfirmed.number)!.state = 'CANCELLED';
    const cancelled = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', unconfirmed.number, { state: 'CANCELLED' });
    const cancelAnswers = await Promise.all(Array.from({ length: 10 }, () => notify(cancelled)));
    expect(cancelAnswers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(cancelAnswers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    expect(await side.statusOf(unconfirmed.payoutId)).toBe('failed');
    expect(await events(unconfirmed.payoutId)).toEqual(['commerce.payout-failed']);
    expect(await side.balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0 });
    expect((await confirmation(side.payee.token, unconfirmed.payoutId)).body).toMatchObject({ billState: 'CANCELLED', packageInfo: null });

    // Cancelled with no notification at all: the reconciliation query hears it; a late notification finds it applied.
    const silent = await approved(1500);
    wechat.bills.get(silent.number)!.state = 'CANCELLED';
    await eventually(async () => (await side.statusOf(silent.payoutId)) === 'failed', 15_000, 'the cancelled bill found by the query');
    expect((await notify(wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', silent.number, { state: 'CANCELLED' }))).body).toMatchObject({ duplicate: true });
    expect(await events(silent.payoutId)).toEqual(['commerce.payout-failed']);
    expect(await side.balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0 });
    // A forged SUCCESS afterwards changes nothing.
    const late = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', silent.number, { state: 'SUCCESS' });
    expect((await notify({ body: late.body, headers: { ...late.headers, 'wechatpay-signature': late.headers['wechatpay-signature']!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } })).status).toBe(401);
    expect(await side.statusOf(silent.payoutId)).toBe('failed');
  });

  const payoutEvents = async (payoutId: string) =>
    (await app.sql(`SELECT type FROM events WHERE stream_id LIKE 'payouts-%' AND data->>'payoutId' = $1 AND type <> 'commerce.payout-requested' ORDER BY global_position`, [payoutId])).map(
      (row: { type: string }) => row.type,
    );
  const notificationsOf = async (token: string) =>
    ((await app.request('GET', '/api/v1/me/notifications', { token })).body.items as { kind: string; itemId: string; title: string; link: string }[]).filter(
      (item) => item.kind === 'payout-awaiting-confirmation',
    );
  const approvedAndWaiting = async (side: Awaited<ReturnType<typeof creatorWithEarnings>>, amountCents: number) => {
    const payoutId = await side.ask(amountCents);
    expect((await side.approve(payoutId)).body.status).toBe('approved');
    await eventually(async () => (await payoutEvents(payoutId)).includes('commerce.payout-awaiting-confirmation'), 15_000, 'the bill seen waiting');
    return { payoutId, number: payoutId.replace(/-/g, '') };
  };

  it('tells the creator, and only them, once that a bill waits for their confirmation, however often it is seen waiting', async () => {
    const side = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    const other = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    expect((await side.setAccount({ provider: 'wechatpay', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6r' })).status).toBe(200);
    const { payoutId } = await approvedAndWaiting(side, 5000);
    // Seen waiting ten more times at once (the job rerun), besides the reconciliation that asks every second.
    await Promise.all(Array.from({ length: 10 }, () => app.api.get(CommandBus).execute(new InstructPayout(payoutId, systemContext('test')))));
    await eventually(async () => (await notificationsOf(side.payee.token)).length > 0, 15_000, 'the creator told');
    await new Promise((resolve) => setTimeout(resolve, 2500)); // more reconciliation runs see it waiting
    expect(await notificationsOf(side.payee.token)).toEqual([
      expect.objectContaining({ itemId: payoutId, title: 'Confirm receipt of your payout of 50.00 CNY in WeChat', link: `/creator/payouts/${payoutId}` }),
    ]);
    expect((await payoutEvents(payoutId)).filter((type) => type === 'commerce.payout-awaiting-confirmation')).toHaveLength(1);
    expect(await notificationsOf(other.payee.token)).toEqual([]);
    expect(await notificationsOf((await app.user('bystander')).token)).toEqual([]);
  });

  it('lets the creator (their own payout) or finance cancel a bill waiting for confirmation: the money returns once, a bill paid meanwhile is not cancelled', async () => {
    const side = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    const other = await creatorWithEarnings(app, moderatorToken, earning(10_000));
    const finance = await app.user('finance', ['finance']);
    expect((await side.setAccount({ provider: 'wechatpay', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6s' })).status).toBe(200);
    const cancel = (token: string, payoutId: string) => app.request('POST', `/api/v1/creator/payouts/${payoutId}/cancel`, { token });
    const cancelByFinance = (payoutId: string) => app.request('POST', `/api/v1/admin/finance/payouts/${payoutId}/cancel`, { token: finance.token });
    const cancelCalls = (number: string) => wechat.calls.filter((call) => call.method === 'POST' && call.path === `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${number}/cancel`);

    // Not approved yet: nothing waits at WeChat Pay. Someone else's: not found. Not a uuid: bad input. Each a problem, changing nothing.
    const requested = await side.ask(1000);
    const early = await cancel(side.payee.token, requested);
    expect([early.status, early.headers['content-type'], early.body.code, early.body.detail]).toEqual([
      409,
      expect.stringContaining('application/problem+json'),
      'COMMERCE.PAYOUT_NOT_CANCELLABLE',
      expect.stringContaining('This payout is requested'),
    ]);
    expect((await app.request('POST', `/api/v1/admin/finance/payouts/${requested}/reject`, { token: finance.token, body: { reason: 'not now' } })).status).toBe(200);

    const waiting = await approvedAndWaiting(side, 5000);
    expect(await side.balance()).toMatchObject({ availableCents: 3000, payoutsInProgressCents: 5000 });
    const theirs = await cancel(other.payee.token, waiting.payoutId);
    expect([theirs.status, theirs.body.code]).toEqual([404, 'COMMERCE.PAYOUT_NOT_FOUND']);
    expect((await cancel(side.payee.token, 'not-a-uuid')).status).toBe(400);
    expect((await app.request('POST', `/api/v1/admin/finance/payouts/${waiting.payoutId}/cancel`, { token: side.payee.token })).status).toBe(403);
    expect(cancelCalls(waiting.number)).toHaveLength(0);

    // Thirty cancels at once: one cancellation, one failure, the money back once.
    const answers = await Promise.all(Array.from({ length: 30 }, () => cancel(side.payee.token, waiting.payoutId)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(200));
    expect(answers[0]!.body).toMatchObject({ payoutId: waiting.payoutId, status: 'failed' });
    expect(wechat.bills.get(waiting.number)!.state).toBe('CANCELLED');
    expect(await payoutEvents(waiting.payoutId)).toEqual(['commerce.payout-approved', 'commerce.payout-awaiting-confirmation', 'commerce.payout-cancel-requested', 'commerce.payout-failed']);
    expect(await side.balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0, paidCents: 0 });
    // WeChat Pay's CANCELLED notification afterwards (ten at once), and another cancel: nothing returned twice.
    const cancelled = wechat.transferNotification('MCHTRANSFER.BILL.FINISHED', waiting.number, { state: 'CANCELLED' });
    const notified = await Promise.all(Array.from({ length: 10 }, () => notify(cancelled)));
    expect(notified.map((answer) => [answer.status, answer.body.duplicate])).toEqual(Array(10).fill([200, true]));
    expect((await cancel(side.payee.token, waiting.payoutId)).status).toBe(200);
    expect(await payoutEvents(waiting.payoutId)).toEqual(['commerce.payout-approved', 'commerce.payout-awaiting-confirmation', 'commerce.payout-cancel-requested', 'commerce.payout-failed']);
    expect(await side.balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0 });

    // Finance cancels another waiting bill.
    const byFinance = await approvedAndWaiting(side, 2000);
    const financeAnswer = await cancelByFinance(byFinance.payoutId);
    expect([financeAnswer.status, financeAnswer.body.status]).toEqual([200, 'failed']);
    expect(await side.balance()).toMatchObject({ availableCents: 8000, payoutsInProgressCents: 0 });

    // The creator confirmed meanwhile (WeChat Pay paid, no notification yet): the cancel is refused and the payout is paid.
    const confirmed = await approvedAndWaiting(side, 3000);
    wechat.bills.get(confirmed.number)!.state = 'SUCCESS';
    const tooLate = await cancel(side.payee.token, confirmed.payoutId);
    expect([tooLate.status, tooLate.body.code, tooLate.body.detail]).toEqual([409, 'COMMERCE.PAYOUT_NOT_CANCELLABLE', expect.stringContaining('This payout is paid')]);
    expect(await side.statusOf(confirmed.payoutId)).toBe('paid');
    expect((await payoutEvents(confirmed.payoutId)).filter((type) => type === 'commerce.payout-paid' || type === 'commerce.payout-failed')).toEqual(['commerce.payout-paid']);
    expect(await side.balance()).toMatchObject({ availableCents: 5000, payoutsInProgressCents: 0, paidCents: 3000 });
    // Paid, failed: nothing left to cancel.
    expect((await cancelByFinance(confirmed.payoutId)).body.code).toBe('COMMERCE.PAYOUT_NOT_CANCELLABLE');
  });

  it('sends the real name of a payee of 2,000 yuan or more encrypted for WeChat Pay alone (user_name, Wechatpay-Serial)', async () => {
    const side = await creatorWithEarnings(app, moderatorToken, earning(300_000), 300_000);
    const openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6q';
    expect((await side.setAccount({ provider: 'wechatpay', account: openid, name: '张三' })).status).toBe(200);
    const large = await side.ask(220_000);
    expect((await side.approve(large)).body.status).toBe('approved');
    const number = large.replace(/-/g, '');
    await eventually(async () => wechat.bills.has(number), 15_000, 'the named transfer bill asked for');
    const call = wechat.calls.find((each) => each.path === '/v3/fund-app/mch-transfer/transfer-bills' && each.body?.out_bill_no === number)!;
    expect(call.body).toMatchObject({ openid, transfer_amount: 220_000, user_name: expect.not.stringContaining('张三') });
    expect(call.headers['wechatpay-serial']).toBe(wechat.platformKeyId);
    expect(wechat.bills.get(number)!.userName).toBe('张三');
  });
});
