import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('commission per creator and channel', () => {
  let app: TestApp;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ env: { PLATFORM_COMMISSION_BPS: '2000', CREATOR_COUPON_COMMISSION_BPS: '1000' } });
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const buy = async (contentId: string, couponCode?: string) => {
    const learner = await app.user('learner');
    const order = await app.request('POST', '/api/v1/orders', {
      token: learner.token,
      body: { contentIds: [contentId], ...(couponCode ? { couponCode } : {}) },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(order.status).toBe(201);
    await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents });
    return order.body.id as string;
  };
  const feeOf = async (orderId: string) =>
    (await app.sql(`SELECT -sum(amount_cents)::int AS fee FROM commerce_ledger_lines WHERE order_id = $1 AND account = 'revenue:platform-fees'`, [orderId]))[0].fee;
  const setRates = (creatorId: string, body: object, token = finance.token) =>
    app.request('PUT', `/api/v1/admin/finance/creators/${creatorId}/commission`, { token, body });

  it('takes the default, the creator\'s agreed rate, and the lower rate on sales through the creator\'s own coupon', async () => {
    const creator = await app.user('creator', ['creator']);
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 10_000 });
    expect(await feeOf(await buy(contentId))).toBe(2000);

    const coupon = await app.request('POST', '/api/v1/coupons', {
      token: creator.token,
      body: { code: `MINE-${randomUUID().slice(0, 8)}`, percentOff: 10, appliesTo: 'creator' },
    });
    expect(coupon.status).toBe(201);
    expect(await feeOf(await buy(contentId, coupon.body.code))).toBe(900); // 10 % of 9000

    const agreed = await setRates(creator.id, { platformBps: 1500, creatorCouponBps: 500 });
    expect(agreed.status).toBe(200);
    expect(agreed.body).toMatchObject({ agreed: { platformBps: 1500, creatorCouponBps: 500 }, effective: { platformBps: 1500, creatorCouponBps: 500 }, setBy: finance.id });
    expect(await feeOf(await buy(contentId))).toBe(1500);
    expect(await feeOf(await buy(contentId, coupon.body.code))).toBe(450);

    // Back to the default for one channel; earlier sales keep the fee fixed when they were paid.
    const reset = await setRates(creator.id, { platformBps: null, creatorCouponBps: 500 });
    expect(reset.body.effective).toEqual({ platformBps: 2000, creatorCouponBps: 500 });
    expect(await feeOf(await buy(contentId))).toBe(2000);
    expect((await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body.balanced).toBe(true);

    // A platform coupon is the platform's channel.
    const admin = await app.adminToken();
    const platformCoupon = await app.request('POST', '/api/v1/coupons', {
      token: admin,
      body: { code: `PLAT-${randomUUID().slice(0, 8)}`, percentOff: 10, appliesTo: 'global' },
    });
    expect(await feeOf(await buy(contentId, platformCoupon.body.code))).toBe(1800);
  });

  it('lets only finance and admins see or set rates, and refuses rates outside 0 to 10000', async () => {
    const creator = await app.user('creator-2', ['creator']);
    expect((await setRates(creator.id, { platformBps: 0, creatorCouponBps: null }, creator.token)).status).toBe(403);
    expect((await app.request('GET', `/api/v1/admin/finance/creators/${creator.id}/commission`, { token: creator.token })).status).toBe(403);
    const bad = await setRates(creator.id, { platformBps: 10_001, creatorCouponBps: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['creatorCouponBps', 'platformBps']);
    const missing = await setRates(creator.id, {});
    expect(missing.status).toBe(400);
    const view = await app.request('GET', `/api/v1/admin/finance/creators/${creator.id}/commission`, { token: finance.token });
    expect(view.body).toEqual({ creatorId: creator.id, agreed: { platformBps: null, creatorCouponBps: null }, effective: { platformBps: 2000, creatorCouponBps: 1000 }, setBy: null, setAt: null });
  });
});
