import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

describe('coupons and single-use codes', () => {
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    creator = await app.user('creator', ['creator']);
    otherCreator = await app.user('other-creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const issue = (token: string, body: object) => app.request('POST', '/api/v1/coupons', { token, body });
  const order = (buyer: TestUser, contentIds: string[], couponCode?: string, key = randomUUID()) =>
    app.request('POST', '/api/v1/orders', { token: buyer.token, body: { contentIds, couponCode }, headers: { 'idempotency-key': key } });

  it('lets a creator take a share off their own items, priced into the order and the ledger', async () => {
    const mine = await publishContent(app, creator, moderatorToken, { priceCents: 9900 });
    const theirs = await publishContent(app, otherCreator, moderatorToken, { priceCents: 5000 });
    const coupon = await issue(creator.token, { code: 'Spring-20', percentOff: 20, appliesTo: 'creator', perUserLimit: 1 });
    expect(coupon.status).toBe(201);
    expect(coupon.body).toMatchObject({ code: 'Spring-20', issuer: { kind: 'creator', userId: creator.id }, discount: { kind: 'percent', basisPoints: 2000 }, redeemed: 0 });

    // Not for someone else's items, nor the whole platform, and a code once.
    expect((await issue(creator.token, { percentOff: 50, appliesTo: 'items', contentIds: [theirs] })).status).toBe(403);
    expect((await issue(creator.token, { percentOff: 50, appliesTo: 'global' })).status).toBe(403);
    const taken = await issue(otherCreator.token, { code: 'SPRING-20', percentOff: 5, appliesTo: 'creator' });
    expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'COMMERCE.COUPON_CODE_TAKEN' });
    expect((await issue(creator.token, { appliesTo: 'creator' })).body.code).toBe('COMMERCE.COUPON_TERMS_INVALID');

    const learner = await app.user('learner');
    const placed = await order(learner, [mine, theirs], 'spring-20');
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      totalCents: 7920 + 5000,
      coupon: { code: 'Spring-20', discountCents: 1980 },
      items: [
        { contentId: mine, priceCents: 7920, listPriceCents: 9900 },
        { contentId: theirs, priceCents: 5000, listPriceCents: 5000 },
      ],
    });
    expect((await deliverWebhook(app, { paymentId: placed.body.payment.id, amountCents: 12_920 })).status).toBe(200);
    const lines = await app.sql(`SELECT account, amount_cents::int AS cents FROM commerce_ledger_lines WHERE order_id = $1 ORDER BY id`, [placed.body.id]);
    // A sale through the creator's own coupon pays the lower commission (CREATOR_COUPON_COMMISSION_BPS, 10 %); the
    // other creator's item, sold at list price, the default 20 %.
    expect(lines).toContainEqual({ account: `liabilities:creator-payable:${creator.id}`, cents: -(7920 - 792) });
    expect(lines).toContainEqual({ account: `liabilities:creator-payable:${otherCreator.id}`, cents: -(5000 - 1000) });

    // Once per buyer.
    const again = await order(learner, [await publishContent(app, creator, moderatorToken)], 'SPRING-20');
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'COMMERCE.COUPON_USED_UP' });
    const unknown = await order(learner, [theirs], 'NO-SUCH-CODE');
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'COMMERCE.COUPON_NOT_FOUND' });
  });

  it('makes batches of single-use codes: one code redeemed by 30 buyers at once gives exactly one order', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 3000 });
    const batch = await app.request('POST', '/api/v1/coupons/batches', {
      token: creator.token,
      body: { count: 5, amountOffCents: 3000, currency: 'CNY', appliesTo: 'items', contentIds: [item] },
    });
    expect(batch.status).toBe(201);
    expect(batch.body.codes).toHaveLength(5);
    expect(new Set(batch.body.codes).size).toBe(5);
    expect(batch.body.codes.every((code: string) => /^[A-HJ-NP-Z2-9]{12}$/.test(code))).toBe(true);
    const listed = await app.request('GET', `/api/v1/coupons?batchId=${batch.body.batchId}`, { token: creator.token });
    expect(listed.body.items).toHaveLength(5);
    expect(listed.body.items.every((coupon: { totalLimit: number; perUserLimit: number }) => coupon.totalLimit === 1 && coupon.perUserLimit === 1)).toBe(true);

    const buyers = await Promise.all(Array.from({ length: 30 }, (_, i) => app.user(`rush-${i}`)));
    const code = batch.body.codes[0];
    const attempts = await Promise.all(buyers.map((buyer) => order(buyer, [item], code)));
    const placed = attempts.filter((attempt) => attempt.status === 201);
    expect(placed).toHaveLength(1);
    // The code pays for it all: the order is paid as it is placed, and the winner reads the item.
    expect(placed[0]!.body).toMatchObject({ totalCents: 0, status: 'paid', coupon: { code, discountCents: 3000 } });
    const winner = buyers[attempts.indexOf(placed[0]!)]!;
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: winner.token })).body.access).toBe('full');
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_ledger_lines WHERE order_id = $1`, [placed[0]!.body.id])).toEqual([{ n: 0 }]);
    // The 29 others hear that the code was used, never that the record moved under them.
    expect(attempts.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.code}`)).toEqual(Array(29).fill('409 COMMERCE.COUPON_EXHAUSTED'));
    const [row] = await app.sql(`SELECT redeemed FROM commerce_coupons WHERE code = $1`, [code]);
    expect(row.redeemed).toBe(1);

    // Others see only their own coupons; finance sees them all.
    expect((await app.request('GET', `/api/v1/coupons?batchId=${batch.body.batchId}`, { token: otherCreator.token })).body.items).toEqual([]);
    expect((await app.request('GET', `/api/v1/coupons?batchId=${batch.body.batchId}`, { token: finance.token })).body.items).toHaveLength(5);
    expect((await app.request('GET', '/api/v1/coupons', { token: buyers[0]!.token })).status).toBe(403);
  });

  it('takes 30 orders at once on a coupon with 10 redemptions: 10 placed with the discount, 20 told it ran out, none charged without it', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 4000 });
    expect((await issue(creator.token, { code: 'FIRST-TEN', percentOff: 25, appliesTo: 'items', contentIds: [item], totalLimit: 10 })).status).toBe(201);
    const buyers = await Promise.all(Array.from({ length: 30 }, (_, i) => app.user(`ten-${i}`)));
    const attempts = await Promise.all(buyers.map((buyer) => order(buyer, [item], 'first-ten')));
    const placed = attempts.filter((attempt) => attempt.status === 201);
    expect(placed).toHaveLength(10);
    expect(attempts.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.code}`)).toEqual(Array(20).fill('409 COMMERCE.COUPON_EXHAUSTED'));
    for (const { body } of placed) expect(body).toMatchObject({ totalCents: 3000, coupon: { code: 'FIRST-TEN', discountCents: 1000 } });
    const [row] = await app.sql(`SELECT redeemed FROM commerce_coupons WHERE code = 'FIRST-TEN'`);
    expect(row.redeemed).toBe(10);
    // The refused placed nothing: the only orders of the item are the ten with the discount, and paying them charges 3000 each.
    const orders = await app.sql(`SELECT total_cents FROM commerce_orders WHERE items @> $1::jsonb`, [JSON.stringify([{ contentId: item }])]);
    expect(orders.map((o: { total_cents: number }) => o.total_cents)).toEqual(Array(10).fill(3000));
    for (const { body } of placed) expect((await deliverWebhook(app, { paymentId: body.payment.id, amountCents: 3000 })).status).toBe(200);
    const [sold] = await app.sql(`SELECT count(*)::int AS orders, sum(total_cents)::int AS cents FROM commerce_orders WHERE status = 'paid' AND items @> $1::jsonb`, [
      JSON.stringify([{ contentId: item }]),
    ]);
    expect(sold).toEqual({ orders: 10, cents: 30_000 });
    const trial = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token });
    expect(trial.body.balanced).toBe(true);
  });

  it('lets one buyer use a once-per-buyer coupon once when they order 10 different items with it at once', async () => {
    const items = await Promise.all(Array.from({ length: 10 }, () => publishContent(app, creator, moderatorToken, { priceCents: 2000 })));
    expect((await issue(creator.token, { code: 'ONCE-EACH', amountOffCents: 500, currency: 'CNY', appliesTo: 'creator', perUserLimit: 1 })).status).toBe(201);
    const greedy = await app.user('greedy');
    const attempts = await Promise.all(items.map((item) => order(greedy, [item], 'ONCE-EACH')));
    expect(attempts.filter((a) => a.status === 201).map((a) => a.body.totalCents)).toEqual([1500]);
    expect(attempts.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.code}`)).toEqual(Array(9).fill('409 COMMERCE.COUPON_USED_UP'));
    expect(await app.sql(`SELECT total_cents FROM commerce_orders WHERE buyer_id = $1`, [greedy.id])).toEqual([{ total_cents: 1500 }]);
    const [row] = await app.sql(`SELECT redeemed FROM commerce_coupons WHERE code = 'ONCE-EACH'`);
    expect(row.redeemed).toBe(1);
  });

  it('gives a redemption back when its order fails, and honours a platform coupon\'s window', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 2000 });
    const once = await issue(finance.token, { code: 'ONCE', amountOffCents: 500, currency: 'CNY', appliesTo: 'global', totalLimit: 1 });
    expect(once.body.issuer.kind).toBe('platform');
    const first = await app.user('first');
    const placed = await order(first, [item], 'ONCE');
    expect(placed.body.totalCents).toBe(1500);
    const second = await app.user('second');
    expect((await order(second, [item], 'ONCE')).body.code).toBe('COMMERCE.COUPON_EXHAUSTED');

    await deliverWebhook(app, { type: 'payment.failed', paymentId: placed.body.payment.id, amountCents: 1500 });
    await eventually(async () => (await app.sql(`SELECT redeemed FROM commerce_coupons WHERE code = 'ONCE'`))[0].redeemed === 0, 15_000, 'the release');
    expect((await order(second, [item], 'ONCE')).status).toBe(201);

    const later = new Date(Date.now() + 3_600_000).toISOString();
    await issue(finance.token, { code: 'LATER', percentOff: 10, appliesTo: 'global', validFrom: later });
    const early = await order(await app.user('early'), [item], 'LATER');
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'COMMERCE.COUPON_NOT_VALID_NOW' });
    expect(await placeOrder(app, await app.user('plain'), [item])).toMatchObject({ status: 201, body: { coupon: null, totalCents: 2000 } });
  });
});
