import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('bundles (组合课)', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  let items: string[];
  beforeAll(async () => {
    app = await TestApp.start();
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
    items = [
      await publishContent(app, creator, moderatorToken, { priceCents: 6000, title: '机器学习' }),
      await publishContent(app, creator, moderatorToken, { priceCents: 3000, title: '深度学习' }),
      await publishContent(app, creator, moderatorToken, { priceCents: 1000, title: '强化学习' }),
    ];
  });
  afterAll(async () => {
    await app.close();
  });

  const createBundle = (owner: TestUser, body: object, key = randomUUID()) =>
    app.request('POST', '/api/v1/bundles', {
      token: owner.token,
      body: { title: '机器学习全家桶', contentIds: items, priceCents: 8000, currency: 'CNY', ...body },
      headers: { 'idempotency-key': key },
    });
  const buyBundle = (buyer: TestUser, bundleId: string, key = randomUUID()) =>
    app.request('POST', '/api/v1/orders', { token: buyer.token, body: { bundleId }, headers: { 'idempotency-key': key } });
  const access = async (member: TestUser, contentId: string) =>
    (await app.request('GET', `/api/v1/contents/${contentId}`, { token: member.token })).body.access;

  it('sells several items at one price, shared over them by list price; buying grants each, and a full refund takes each back', async () => {
    const bundle = await createBundle(creator, {});
    expect(bundle.status).toBe(201);
    expect(bundle.body).toMatchObject({ priceCents: 8000, listPriceCents: 10_000, status: 'offered' });
    expect(bundle.body.items.map((item: { title: string }) => item.title)).toEqual(['机器学习', '深度学习', '强化学习']);

    const learner = await app.user('learner');
    const key = randomUUID();
    // Thirty taps with one key: one order.
    const taps = await Promise.all(Array.from({ length: 30 }, () => buyBundle(learner, bundle.body.bundleId, key)));
    expect(taps.every((tap) => [200, 201, 409].includes(tap.status))).toBe(true);
    const order = taps.find((tap) => tap.status === 201)!.body;
    expect(taps.filter((tap) => tap.status === 201 || tap.status === 200).every((tap) => tap.body.id === order.id)).toBe(true);
    expect(order).toMatchObject({ totalCents: 8000, bundle: { bundleId: bundle.body.bundleId, priceCents: 8000, pricedOutCents: 0, pricedOut: [] } });
    expect(order.items.map((item: { priceCents: number; listPriceCents: number }) => [item.priceCents, item.listPriceCents])).toEqual([
      [4800, 6000],
      [2400, 3000],
      [800, 1000],
    ]);
    expect((await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 8000 })).status).toBe(200);
    for (const contentId of items) expect(await access(learner, contentId)).toBe('full');
    const entitlements = (await app.request('GET', '/api/v1/me/entitlements', { token: learner.token })).body.items;
    expect(entitlements.flatMap((item: { grants: { source: string }[] }) => item.grants.map((grant) => grant.source))).toEqual([
      'bundle',
      'bundle',
      'bundle',
    ]);
    // The creator earns 80 % of each share; the ledger balances.
    const earnings = (await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body;
    expect(earnings.balances[0].pendingCents).toBe(6400);

    const refund = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: learner.token,
      body: { reason: '买错了' },
      headers: { 'idempotency-key': randomUUID() },
    });
    await app.request('POST', `/api/v1/admin/finance/refunds/${refund.body.refundId}/approve`, { token: finance.token, body: {} });
    await deliverWebhook(app, { type: 'refund.succeeded', paymentId: order.payment.id, refundId: refund.body.refundId, amountCents: 8000 });
    for (const contentId of items) expect(await access(learner, contentId)).toBe('preview');
    expect((await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body.balanced).toBe(true);
  });

  it('prices out the items a buyer holds already, and never sells them twice', async () => {
    const bundle = (await createBundle(creator, { title: '再来一份' })).body;
    const learner = await app.user('collector');
    const single = await placeOrder(app, learner, [items[1]!]);
    await deliverWebhook(app, { paymentId: single.body.payment.id, amountCents: 3000 });

    const order = (await buyBundle(learner, bundle.bundleId)).body;
    expect(order).toMatchObject({ totalCents: 5600, bundle: { pricedOutCents: 2400, pricedOut: [items[1]] } });
    expect(order.items.map((item: { contentId: string }) => item.contentId)).toEqual([items[0], items[2]]);
    await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 5600 });
    for (const contentId of items) expect(await access(learner, contentId)).toBe('full');
    // Holding everything, there is nothing left to buy.
    const again = await buyBundle(learner, bundle.bundleId);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'COMMERCE.ALREADY_OWNED' });
  });

  it('lets creators bundle only their own items, and refuses bundles that are no saving', async () => {
    const rival = await app.user('rival', ['creator']);
    const theirs = await publishContent(app, rival, moderatorToken, { priceCents: 500 });
    expect((await createBundle(creator, { contentIds: [items[0], theirs] })).status).toBe(403);
    expect((await createBundle(creator, { priceCents: 10_000 })).body.code).toBe('COMMERCE.BUNDLE_TERMS_INVALID');
    expect((await createBundle(creator, { contentIds: [items[0], randomUUID()] })).body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');
    const learner = await app.user('learner-2');
    expect((await createBundle(learner, {})).status).toBe(403);
    const both = await app.request('POST', '/api/v1/orders', {
      token: learner.token,
      body: { bundleId: randomUUID(), contentIds: [items[0]] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect({ status: both.status, code: both.body.code }).toEqual({ status: 400, code: 'HTTP.VALIDATION_FAILED' });
    expect((await buyBundle(learner, randomUUID())).body.code).toBe('COMMERCE.BUNDLE_NOT_FOUND');

    const key = randomUUID();
    const bundle = (await createBundle(creator, { title: '退役' }, key)).body;
    expect((await createBundle(creator, { title: '退役' }, key)).body.bundleId).toBe(bundle.bundleId);
    expect((await app.request('POST', `/api/v1/bundles/${bundle.bundleId}/retire`, { token: rival.token })).status).toBe(404);
    const retired = await app.request('POST', `/api/v1/bundles/${bundle.bundleId}/retire`, { token: creator.token });
    expect(retired.body.status).toBe('retired');
    expect((await buyBundle(learner, bundle.bundleId)).body.code).toBe('COMMERCE.BUNDLE_RETIRED');
    const listed = await app.request('GET', `/api/v1/bundles?creatorId=${creator.id}&limit=100`);
    expect(listed.body.items.map((item: { bundleId: string }) => item.bundleId)).not.toContain(bundle.bundleId);
    const own = await app.request('GET', '/api/v1/creator/bundles?limit=100', { token: creator.token });
    expect(own.body.items.map((item: { bundleId: string }) => item.bundleId)).toContain(bundle.bundleId);
    const holding = await app.request('GET', `/api/v1/bundles?contentId=${items[2]}`);
    expect(holding.body.items.length).toBeGreaterThanOrEqual(2);
  });
});

describe('bundles when the operator refuses items already held', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { BUNDLE_OWNED_ITEMS: 'refuse' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses the bundle, naming the items held', async () => {
    const creator = await app.user('creator', ['creator']);
    const moderatorToken = (await app.user('moderator', ['moderator'])).token;
    const items = [await publishContent(app, creator, moderatorToken, { priceCents: 2000 }), await publishContent(app, creator, moderatorToken, { priceCents: 2000 })];
    const bundle = (
      await app.request('POST', '/api/v1/bundles', {
        token: creator.token,
        body: { title: 'b', contentIds: items, priceCents: 3000, currency: 'CNY' },
        headers: { 'idempotency-key': randomUUID() },
      })
    ).body;
    const learner = await app.user('learner');
    const single = await placeOrder(app, learner, [items[0]!]);
    await deliverWebhook(app, { paymentId: single.body.payment.id, amountCents: 2000 });
    const refused = await app.request('POST', '/api/v1/orders', { token: learner.token, body: { bundleId: bundle.bundleId }, headers: { 'idempotency-key': randomUUID() } });
    expect({ status: refused.status, code: refused.body.code, detail: refused.body.detail }).toEqual({ status: 409, code: 'COMMERCE.ALREADY_OWNED', detail: `You already own: ${items[0]}.` });
  });
});
