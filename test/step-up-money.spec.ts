import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('step-up before money leaves', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { STEP_UP_MAX_AGE_SECONDS: '6', REFUND_STEP_UP_CENTS: '1000', EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '100' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('asks finance for a fresh second factor to approve a payout or a large refund, not a small one', async () => {
    const creator = await app.user('creator', ['creator']);
    const moderator = await app.user('moderator', ['moderator']);
    const finance: TestUser = await app.user('finance', ['finance']);
    const sale = async (priceCents: number) => {
      const learner = await app.user('learner');
      const order = (await placeOrder(app, learner, [await publishContent(app, creator, moderator.token, { priceCents })])).body;
      await deliverWebhook(app, { paymentId: order.payment.id, amountCents: priceCents });
      const refund = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
        token: learner.token,
        body: { reason: 'r' },
        headers: { 'idempotency-key': randomUUID() },
      });
      return refund.body.refundId as string;
    };
    const small = await sale(999);
    const large = await sale(1000);
    await sale(5000);
    const payout = await app.request('POST', '/api/v1/creator/payouts', {
      token: creator.token,
      body: { amountCents: 1000, currency: 'CNY' },
      headers: { 'idempotency-key': randomUUID() },
    });
    await new Promise((resolve) => setTimeout(resolve, 6100));

    const approve = (path: string, token = finance.token) => app.request('POST', `/api/v1/admin/finance/${path}/approve`, { token, body: {} });
    expect((await approve(`refunds/${small}`)).status).toBe(200);
    const refused = await approve(`refunds/${large}`);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'AUTH.STEP_UP_REQUIRED' });
    const payoutRefused = await approve(`payouts/${payout.body.payoutId}`);
    expect({ status: payoutRefused.status, code: payoutRefused.body.code }).toEqual({ status: 403, code: 'AUTH.STEP_UP_REQUIRED' });
    // Nothing changed.
    expect((await app.request('GET', `/api/v1/admin/finance/refunds?status=requested`, { token: finance.token })).body.items.map((r: { refundId: string }) => r.refundId)).toContain(large);

    const stepped = await app.request('POST', '/api/v1/auth/step-up', { token: finance.token, body: { recoveryCode: finance.mfa!.recoveryCodes.pop() } });
    expect(stepped.status).toBe(200);
    expect((await approve(`refunds/${large}`, stepped.body.accessToken)).status).toBe(200);
    expect((await approve(`payouts/${payout.body.payoutId}`, stepped.body.accessToken)).body.status).toBe('approved');
  });
});
