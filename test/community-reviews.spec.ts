import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJourneys } from './support/community.js';
import { deliverWebhook } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('community: reviews by buyers, one per user and item, with average and distribution', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  let finance: TestUser;
  let journeys: ReturnType<typeof communityJourneys>;
  beforeAll(async () => {
    app = await TestApp.start();
    journeys = communityJourneys(app);
    [creator, moderator, finance] = await Promise.all([app.user('creator', ['creator']), app.user('moderator', ['moderator']), app.user('finance', ['finance'])]);
  });
  afterAll(async () => {
    await app.close();
  });

  const review = (user: TestUser, contentId: string, body: object) => app.request('POST', `/api/v1/contents/${contentId}/reviews`, { token: user.token, body });
  const reviews = (contentId: string, user?: TestUser) => app.request('GET', `/api/v1/contents/${contentId}/reviews`, { token: user?.token });
  const eventsOf = async (type: string, contentId: string) =>
    (await app.sql(`SELECT data FROM events WHERE type = $1 AND data->>'contentId' = $2 ORDER BY global_position`, [type, contentId])).map((row) => row.data);

  it('lets buyers rate, replaces a second review, and keeps the average and the count per star', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [ann, ben] = await Promise.all([app.user('ann'), app.user('ben')]);
    await journeys.buy(ann, item.id);
    await journeys.buy(ben, item.id);

    const first = await review(ann, item.id, { stars: 5, text: '案例很实用' });
    expect(first.status).toBe(200);
    expect(first.body.summary).toEqual({ count: 1, average: 5, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 } });
    expect(first.body.items).toEqual([expect.objectContaining({ userId: ann.id, stars: 5, text: '案例很实用', textStatus: 'visible' })]);

    const replaced = await review(ann, item.id, { stars: 3 });
    expect(replaced.body.summary).toEqual({ count: 1, average: 3, distribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 0 } });
    expect(replaced.body.items[0]).toMatchObject({ stars: 3, text: null, textStatus: 'none' });
    await review(ben, item.id, { stars: 4, text: 'solid' });

    const listed = await reviews(item.id);
    expect(listed.status).toBe(200);
    expect(listed.body.summary).toEqual({ count: 2, average: 3.5, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 0 } });
    expect(listed.body.items.map((r: { userId: string }) => r.userId)).toEqual([ben.id, ann.id]);
    expect(await app.sql(`SELECT count(*)::int AS n FROM community_reviews WHERE content_id = $1`, [item.id])).toEqual([{ n: 2 }]);

    // The events search ranking projects, exactly as promised.
    expect(await eventsOf('community.review-posted', item.id)).toEqual([
      { contentId: item.id, userId: ann.id, stars: 5, previousStars: null },
      { contentId: item.id, userId: ann.id, stars: 3, previousStars: 5 },
      { contentId: item.id, userId: ben.id, stars: 4, previousStars: null },
    ]);

    // Its author takes it back: the stars leave, a review-removed says which.
    expect((await app.request('DELETE', `/api/v1/contents/${item.id}/reviews/mine`, { token: ann.token })).status).toBe(204);
    const again = await app.request('DELETE', `/api/v1/contents/${item.id}/reviews/mine`, { token: ann.token });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'COMMUNITY.REVIEW_NOT_FOUND' });
    expect((await reviews(item.id)).body.summary).toEqual({ count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } });
    expect(await eventsOf('community.review-removed', item.id)).toEqual([{ contentId: item.id, userId: ann.id, stars: 3 }]);
    // Posting after that is a first review again.
    await review(ann, item.id, { stars: 2 });
    expect((await eventsOf('community.review-posted', item.id)).at(-1)).toEqual({ contentId: item.id, userId: ann.id, stars: 2, previousStars: null });
  });

  it('refuses anyone who did not pay for the item: a stranger, the creator, a refunded buyer, a user given access by staff', async () => {
    const item = await journeys.item(creator, moderator.token, { priceCents: 5000 });
    const [stranger, refunded, comped] = await Promise.all([app.user('stranger'), app.user('refunded'), app.user('comped')]);

    const order = await journeys.buy(refunded, item.id, 5000);
    const asked = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: refunded.token,
      body: { reason: '不想学了' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(asked.status).toBe(201);
    expect((await app.request('POST', `/api/v1/admin/finance/refunds/${asked.body.refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
    expect((await deliverWebhook(app, { type: 'refund.succeeded', paymentId: order.payment.id, amountCents: 5000, refundId: asked.body.refundId })).status).toBe(200);

    const comp = await app.request('POST', '/api/v1/admin/access-grants', {
      token: await app.adminToken(),
      body: { userId: comped.id, contentId: item.id, reason: '评测样本' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(comp.status).toBe(201);
    expect((await app.request('GET', `/api/v1/contents/${item.id}`, { token: comped.token })).body.access).toBe('full');

    for (const user of [stranger, creator, refunded, comped]) {
      const refused = await review(user, item.id, { stars: 1, text: 'x' });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'COMMUNITY.NOT_A_BUYER' });
    }
    expect((await reviews(item.id)).body.summary.count).toBe(0);
    expect(await eventsOf('community.review-posted', item.id)).toEqual([]);
  });

  it('refuses stars outside 1–5 and strange input, and a review of what cannot be read', async () => {
    const item = await journeys.item(creator, moderator.token);
    const buyer = await app.user('buyer');
    await journeys.buy(buyer, item.id);
    for (const stars of [0, 6, -3]) {
      const refused = await review(buyer, item.id, { stars });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'COMMUNITY.STARS_INVALID' });
    }
    for (const body of [{ stars: 4.5 }, { stars: '5' }, {}, { stars: 5, text: 'a\u0007b' }, { stars: 5, text: 'x'.repeat(5001) }, { stars: 5, userId: creator.id }]) {
      expect((await review(buyer, item.id, body)).status).toBe(400);
    }
    expect((await review(buyer, randomUUID(), { stars: 5 })).body.code).toBe('COMMUNITY.CONTENT_NOT_FOUND');
    expect((await reviews(randomUUID())).status).toBe(404);
    expect(await app.sql(`SELECT count(*)::int AS n FROM community_reviews WHERE user_id = $1`, [buyer.id])).toEqual([{ n: 0 }]);
  });

  it('holds a text with a sensitive word for a moderator while its stars count; a moderator removes a review with a reason', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [spammer, honest] = await Promise.all([app.user('spammer'), app.user('honest')]);
    await journeys.buy(spammer, item.id);
    await journeys.buy(honest, item.id);
    await review(spammer, item.id, { stars: 1, text: '想要全套资料加 微 信 abc123' });
    await review(honest, item.id, { stars: 5, text: '讲得好' });

    const publicView = await reviews(item.id);
    expect(publicView.body.summary).toMatchObject({ count: 2, average: 3 });
    const held = publicView.body.items.find((r: { userId: string }) => r.userId === spammer.id);
    expect(held).toMatchObject({ stars: 1, text: null, textStatus: 'pending' });
    expect(JSON.stringify(publicView.body)).not.toContain('微');
    const ownView = (await reviews(item.id, spammer)).body.items.find((r: { userId: string }) => r.userId === spammer.id);
    expect(ownView).toMatchObject({ text: '想要全套资料加 微 信 abc123', textStatus: 'pending' });

    const removed = await app.request('POST', `/api/v1/admin/community/reviews/${held.id}/remove`, { token: moderator.token, body: { reason: '站外引流' } });
    expect(removed.status).toBe(204);
    expect((await reviews(item.id)).body.summary).toEqual({ count: 1, average: 5, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 } });
    expect(await eventsOf('community.review-removed', item.id)).toEqual([{ contentId: item.id, userId: spammer.id, stars: 1 }]);
    expect(await eventsOf('community.review-moderated', item.id)).toEqual([
      { contentId: item.id, userId: spammer.id, decision: 'removed', moderatorId: moderator.id, reason: '站外引流' },
    ]);
    const twice = await app.request('POST', `/api/v1/admin/community/reviews/${held.id}/remove`, { token: moderator.token, body: { reason: 'again' } });
    expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 404, code: 'COMMUNITY.REVIEW_NOT_FOUND' });
  });
});
