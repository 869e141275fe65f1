import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const lessons = Array.from({ length: 4 }, (_, i) => ({ title: `第${i + 1}讲`, body: '短文。', preview: i === 0 }));

describe('learning progress the server can trust', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  // Progress is credited by this clock: it stands still until the test moves it, however slow the machine.
  const clock = new TestClock();
  beforeAll(async () => {
    // Quick lessons for a test: a minute each, complete at 5 % (3 s), credited up to four times as fast as the clock.
    app = await TestApp.start({ clock, env: { LESSON_COMPLETE_PERCENT: '5', PROGRESS_MAX_RATE_PERCENT: '400' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const bought = async (name: string) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 4000, lessons });
    const learner = await app.user(name);
    const order = await placeOrder(app, learner, [contentId]);
    await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 4000 });
    const detail = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body;
    return { learner, contentId, orderId: order.body.id as string, lessonIds: detail.lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[] };
  };
  const beat = (learner: TestUser, contentId: string, lessonId: string, positionSeconds: unknown) =>
    app.request('POST', `/api/v1/me/learning/${contentId}/lessons/${lessonId}/progress`, { token: learner.token, body: { positionSeconds } });
  const learning = async (learner: TestUser) => (await app.request('GET', '/api/v1/me/learning', { token: learner.token })).body.items;

  it('credits time only as fast as the clock allows: a jump to the end, or a hundred heartbeats at once, complete nothing', async () => {
    const { learner, contentId, lessonIds } = await bought('learner');
    const first = await beat(learner, contentId, lessonIds[0]!, 0);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ lessonId: lessonIds[0], positionSeconds: 0, watchedSeconds: 0, lengthSeconds: 60, completed: false });

    clock.advanceSeconds(0.5);
    const jump = await beat(learner, contentId, lessonIds[0]!, 60);
    expect(jump.body).toMatchObject({ positionSeconds: 60, watchedSeconds: 2, completed: false });
    const storm = await Promise.all(Array.from({ length: 100 }, (_, i) => beat(learner, contentId, lessonIds[0]!, i % 2 === 0 ? 0 : 60)));
    expect(storm.every((response) => response.status === 200 || response.body.code === 'EVENT_STORE.VERSION_CONFLICT')).toBe(true);
    const [row] = await app.sql(`SELECT watched_seconds, completed_at FROM catalog_lesson_progress WHERE user_id = $1 AND lesson_id = $2`, [learner.id, lessonIds[0]]);
    expect(row.completed_at).toBeNull();
    expect(row.watched_seconds).toBe(2);

    // Played for real: a second and a bit at up to four times the clock completes 5 % of a minute.
    await beat(learner, contentId, lessonIds[1]!, 0);
    clock.advanceSeconds(1.1);
    const played = await beat(learner, contentId, lessonIds[1]!, 4);
    expect(played.body).toMatchObject({ positionSeconds: 4, watchedSeconds: 4, completed: true });

    const [item] = await learning(learner);
    expect(item).toMatchObject({ contentId, lessonCount: 4, completedLessons: 1, nextLesson: { lessonId: lessonIds[0], positionSeconds: expect.any(Number) } });
    expect(item.progress).toBeGreaterThan(0);
    expect(item.progress).toBeLessThan(0.05);
  });

  it('keeps progress for enrolled learners only, on lessons that exist, from positions that make sense', async () => {
    const { contentId, lessonIds } = await bought('owner');
    const stranger = await app.user('stranger');
    const refused = await beat(stranger, contentId, lessonIds[0]!, 0);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'CATALOG.NOT_ENROLLED' });
    expect(await learning(stranger)).toEqual([]);
    const { learner } = await bought('other');
    expect((await beat(learner, contentId, randomUUID(), 0)).status).toBe(403); // not theirs: not enrolled, whatever the lesson
    const own = await bought('own');
    expect((await beat(own.learner, own.contentId, randomUUID(), 0)).body.code).toBe('CATALOG.LESSON_NOT_FOUND');
    expect((await beat(own.learner, randomUUID(), own.lessonIds[0]!, 0)).body.code).toBe('CATALOG.CONTENT_NOT_FOUND');
    for (const position of [-1, 'ten', 1.5, 10 ** 9, null]) expect((await beat(own.learner, own.contentId, own.lessonIds[0]!, position)).status).toBe(400);
    expect(await app.sql(`SELECT count(*)::int AS n FROM catalog_lesson_progress WHERE user_id = $1`, [own.learner.id])).toEqual([{ n: 0 }]);
    expect((await app.request('GET', '/api/v1/me/learning')).status).toBe(401);
  });

  it('refuses a refund once more than REFUND_MAX_LESSONS_OPENED_PERCENT of the lessons were opened', async () => {
    const ask = (learner: TestUser, orderId: string) =>
      app.request('POST', `/api/v1/me/orders/${orderId}/refunds`, { token: learner.token, body: { reason: '不想学了' }, headers: { 'idempotency-key': randomUUID() } });
    const light = await bought('light');
    await beat(light.learner, light.contentId, light.lessonIds[0]!, 0); // one of four: 25 %
    expect((await ask(light.learner, light.orderId)).status).toBe(201);

    const heavy = await bought('heavy');
    await beat(heavy.learner, heavy.contentId, heavy.lessonIds[0]!, 0);
    await beat(heavy.learner, heavy.contentId, heavy.lessonIds[2]!, 0); // two of four: 50 %
    const refused = await ask(heavy.learner, heavy.orderId);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'COMMERCE.REFUND_POLICY_LESSONS_OPENED' });
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_refunds WHERE order_id = $1`, [heavy.orderId])).toEqual([{ n: 0 }]);
  });
});
