import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJourneys } from './support/community.js';
import { deliverWebhook, refundOrder } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

describe('community: a review stops counting once its author no longer holds the item by purchase', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  let finance: TestUser;
  let journeys: ReturnType<typeof communityJourneys>;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    journeys = communityJourneys(app);
    [creator, moderator, finance] = await Promise.all([app.user('creator', ['creator']), app.user('moderator', ['moderator']), app.user('finance', ['finance'])]);
  });
  afterAll(async () => {
    await app.close();
  });

  const review = (user: TestUser, contentId: string, body: object) => app.request('POST', `/api/v1/contents/${contentId}/reviews`, { token: user.token, body });
  const reviews = async (contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}/reviews`)).body;
  /** What lists sort by "rating": catalog's own projection of the review events. */
  const catalogRating = async (contentId: string) =>
    (await app.sql(`SELECT rating_count, rating_sum FROM catalog_content_stats WHERE content_id = $1`, [contentId]))[0] as { rating_count: number; rating_sum: number };

  it('withdraws the review of a buyer refunded in full or charged back, keeps one refunded in part, and lets the refunded buyer rate no more', async () => {
    const item = await journeys.item(creator, moderator.token, { priceCents: 5000 });
    const [refunded, partly, chargedBack, stays] = await Promise.all(['refunded', 'partly', 'charged-back', 'stays'].map((name) => app.user(name)));
    const orders = new Map<TestUser, { id: string; payment: { id: string } }>();
    for (const [buyer, stars] of [
      [refunded, 1],
      [partly, 4],
      [chargedBack, 1],
      [stays, 5],
    ] as const) {
      orders.set(buyer, await journeys.buy(buyer, item.id, 5000));
      expect((await review(buyer, item.id, { stars, text: `${stars} 星` })).status).toBe(200);
    }
    expect((await reviews(item.id)).summary).toEqual({ count: 4, average: 2.75, distribution: { '1': 2, '2': 0, '3': 0, '4': 1, '5': 1 } });

    await refundOrder(app, partly, finance.token, orders.get(partly)!, 1000, true);
    await refundOrder(app, refunded, finance.token, orders.get(refunded)!, 5000);
    expect((await deliverWebhook(app, { type: 'payment.charged_back', paymentId: orders.get(chargedBack)!.payment.id, amountCents: 5000 })).status).toBe(200);

    const after = await eventually(async () => {
      const body = await reviews(item.id);
      return body.summary.count === 2 ? body : null;
    });
    expect(after.summary).toEqual({ count: 2, average: 4.5, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 } });
    expect(after.items.map((r: { userId: string }) => r.userId).sort()).toEqual([partly.id, stays.id].sort());
    // The rating lists sort by follows, from the same events.
    await eventually(async () => ((await catalogRating(item.id))?.rating_count === 2 ? true : null));
    expect(await catalogRating(item.id)).toEqual({ rating_count: 2, rating_sum: 9 });

    // Each withdrawal says which order took the item back; the partial refund withdrew nothing.
    const withdrawn = await app.sql(`SELECT data FROM events WHERE type = 'community.review-withdrawn' AND data->>'contentId' = $1 ORDER BY global_position`, [
      item.id,
    ]);
    expect(withdrawn.map((row) => row.data).sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [
        { contentId: item.id, userId: refunded.id, orderId: orders.get(refunded)!.id, reason: 'refunded' },
        { contentId: item.id, userId: chargedBack.id, orderId: orders.get(chargedBack)!.id, reason: 'charged-back' },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );

    // Its author is not left guessing: they still see their review, marked withdrawn with when and why; the
    // list and the average they see are everyone's (it counts in neither), and nobody else sees it.
    const seenBy = async (viewer: TestUser) => (await app.request('GET', `/api/v1/contents/${item.id}/reviews`, { token: viewer.token })).body;
    const own = await seenBy(refunded);
    expect(own.summary).toEqual(after.summary);
    const mine = own.items.find((r: { userId: string }) => r.userId === refunded.id);
    expect(mine).toMatchObject({ stars: 1, text: '1 星', withdrawn: { reason: 'refunded' } });
    expect(Date.parse(mine.withdrawn.at)).toBeGreaterThan(Date.parse(mine.updatedAt));
    expect(own.items.map((r: { userId: string }) => r.userId).sort()).toEqual([refunded.id, partly.id, stays.id].sort());
    expect((await seenBy(chargedBack)).items.find((r: { userId: string }) => r.userId === chargedBack.id)).toMatchObject({ withdrawn: { reason: 'charged-back' } });
    for (const other of [stays, partly, moderator]) {
      const theirs = await seenBy(other);
      expect(theirs.items.map((r: { userId: string }) => r.userId).sort()).toEqual([partly.id, stays.id].sort());
      expect(theirs.items.every((r: { withdrawn?: unknown }) => r.withdrawn === undefined)).toBe(true);
    }
    // Nor does the moderation queue offer it.
    const queue = await app.request('GET', '/api/v1/admin/community/queue', { token: moderator.token });
    expect(JSON.stringify(queue.body)).not.toContain(refunded.id);

    // No longer a buyer: rating again is refused; the one refunded in part still may.
    const again = await review(refunded, item.id, { stars: 1 });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 403, code: 'COMMUNITY.NOT_A_BUYER' });
    expect((await review(partly, item.id, { stars: 3 })).status).toBe(200);
    expect((await reviews(item.id)).summary).toMatchObject({ count: 2, average: 4 });
  });

  it("withdraws nothing from a refunded buyer who never rated, nor another item's reviews", async () => {
    const [item, other] = await Promise.all([journeys.item(creator, moderator.token, { priceCents: 3000 }), journeys.item(creator, moderator.token, { priceCents: 3000 })]);
    const buyer = await app.user('silent');
    const order = await journeys.buy(buyer, item.id, 3000);
    await journeys.buy(buyer, other.id, 3000);
    expect((await review(buyer, other.id, { stars: 5 })).status).toBe(200);
    await refundOrder(app, buyer, finance.token, order, 3000);

    // The subscription has passed the refund once a later event's effect is visible: a second buyer's refunded review.
    const marker = await app.user('marker');
    const markerOrder = await journeys.buy(marker, item.id, 3000);
    expect((await review(marker, item.id, { stars: 2 })).status).toBe(200);
    await refundOrder(app, marker, finance.token, markerOrder, 3000);
    await eventually(async () => ((await reviews(item.id)).summary.count === 0 ? true : null));

    expect((await reviews(other.id)).summary).toMatchObject({ count: 1, average: 5 });
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'community.review-withdrawn' AND data->>'userId' = $1`, [buyer.id])).toEqual([{ n: 0 }]);
  });
});
