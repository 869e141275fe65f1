import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askExpert, offerQuestions, payQuestion } from './support/consulting.js';
import { deliverWebhook, placeOrder, publishContent, refundOrder } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

describe('a paid question is an order line but no content: it changes no item statistics and no recommendation', () => {
  let app: TestApp;
  let expert: TestUser;
  let learner: TestUser;
  let finance: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    [expert, learner, finance] = await Promise.all([app.user('expert', ['expert', 'creator']), app.user('learner'), app.user('finance', ['finance'])]);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  /** Every trace an id left where items are counted: analytics' raw facts, recommendation's items and purchases, catalog's stats. */
  const tracesOf = async (id: string) => ({
    analyticsRaw: (await app.sql(`SELECT event_type FROM analytics_raw_events WHERE payload->>'itemId' = $1 ORDER BY id`, [id])).map((row) => row.event_type),
    recommendationPurchases: (await app.sql(`SELECT count(*)::int AS n FROM rec_purchases WHERE content_id = $1`, [id]))[0].n,
    recommendationItems: (await app.sql(`SELECT count(*)::int AS n FROM rec_items WHERE content_id = $1`, [id]))[0].n,
    catalogBuyers: (await app.sql(`SELECT buyers FROM catalog_content_stats WHERE content_id = $1`, [id]))[0]?.buyers ?? null,
  });

  it('leaves no trace of a question paid and refunded, while a content bought after it is counted everywhere', async () => {
    await offerQuestions(app, expert, 5000);
    const asked = await askExpert(app, learner, expert.id);
    expect(asked.status).toBe(201);
    const paymentId = await payQuestion(app, learner, asked.body);
    await refundOrder(app, learner, finance.token, { id: asked.body.orderId, payment: { id: paymentId } }, 5000);

    // A content bought after the question: its jobs follow the question's on the same queues, so once
    // it is counted everywhere the question's events have been through the same relays.
    const contentId = await publishContent(app, expert, moderatorToken, { kind: 'article', priceCents: 3000 });
    const order = await placeOrder(app, learner, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 3000 })).status).toBe(200);
    await eventually(async () => {
      const traces = await tracesOf(contentId);
      return traces.analyticsRaw.includes('purchase') && traces.recommendationPurchases === 1 && traces.catalogBuyers === 1 ? traces : null;
    });
    expect(await tracesOf(contentId)).toEqual({ analyticsRaw: ['order', 'purchase', 'enrolment'], recommendationPurchases: 1, recommendationItems: 1, catalogBuyers: 1 });

    expect(await tracesOf(asked.body.questionId)).toEqual({ analyticsRaw: [], recommendationPurchases: 0, recommendationItems: 0, catalogBuyers: null });
    // The question's order did go through both relays: what they were handed was skipped, not missed.
    expect(await app.sql(`SELECT type FROM events WHERE data->>'orderId' = $1 AND type LIKE 'commerce.order-%' ORDER BY global_position`, [asked.body.orderId])).toEqual([
      { type: 'commerce.order-placed' },
      { type: 'commerce.order-paid' },
      { type: 'commerce.order-refunded' },
    ]);
    // What the learner is recommended does not name the question.
    const recommended = await app.request('GET', '/api/v1/me/recommendations', { token: learner.token });
    expect(JSON.stringify(recommended.body)).not.toContain(asked.body.questionId);
  });
});
