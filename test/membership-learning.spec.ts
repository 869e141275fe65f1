import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

/**
 * Enrolment happens when an entitlement is granted (README, "Enrolment"): a creator's or a column's
 * membership enrols its member in every item it opens, the moment it starts, and they leave learning
 * when it ends; what was bought stays. A platform-wide VIP opens the whole catalogue, so its member's
 * learning lists the items they started. The clock is a TestClock: the membership ends without waiting.
 */
describe('membership and learning: enrolled in what a membership opens while it lasts', () => {
  const clock = new TestClock();
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    app = await TestApp.start({ clock });
    [creator, otherCreator] = await Promise.all([app.user('creator', ['creator']), app.user('other-creator', ['creator'])]);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const lessons = [{ title: '第一讲', body: '只给会员', preview: false }];
  const learningOf = async (member: TestUser) =>
    (await app.request('GET', '/api/v1/me/learning', { token: member.token })).body.items as { contentId: string; enrolledAt: string | null }[];
  const learning = async (member: TestUser) => (await learningOf(member)).map((item) => item.contentId).sort();
  const firstLesson = async (contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons[0].lessonId as string;
  const start = async (member: TestUser, contentId: string) =>
    app.request('POST', `/api/v1/me/learning/${contentId}/lessons/${await firstLesson(contentId)}/progress`, { token: member.token, body: { positionSeconds: 0 } });
  const settle = (subscriptionId: string, at: string) =>
    app.api.get(CommandBus).execute(new SettleSubscription(subscriptionId, at, systemContext('test'), new Date(at)));
  const createPlan = async (token: string, body: object) => {
    const plan = await app.request('POST', '/api/v1/plans', {
      token,
      body: { name: '月卡', priceCents: 990, currency: 'CNY', periodUnit: 'month', ...body },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(plan.status).toBe(201);
    return plan.body.planId as string;
  };
  /** Subscribes and pays; the clock is then set to the real time, when the paid period began. */
  async function join(member: TestUser, planId: string, amountCents: number) {
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId } })).body;
    expect((await deliverWebhook(app, { paymentId: subscription.openPayment.paymentId, amountCents })).status).toBe(200);
    clock.set(new Date());
    return subscription.subscriptionId as string;
  }

  it("enrols a creator's member in every item of that catalogue when it starts, new ones too, and drops them when it ends; keeps what was bought", async () => {
    clock.set(new Date());
    const [inScope, alsoInScope, outOfScope] = [
      await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons }),
      await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons }),
      await publishContent(app, otherCreator, moderatorToken, { kind: 'article', priceCents: 5000, lessons }),
    ];
    const bought = await publishContent(app, otherCreator, moderatorToken, { kind: 'article', priceCents: 3000, lessons });
    const member = await app.user('member');
    const order = await placeOrder(app, member, [bought]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 3000 })).status).toBe(200);
    clock.set(new Date());
    expect(await learning(member)).toEqual([bought]);

    const plan = await createPlan(creator.token, { appliesTo: 'creator' });
    const subscriptionId = await join(member, plan, 990);

    // Paid: every item of the creator is in learning at once, nothing started; not another creator's.
    expect(await learning(member)).toEqual([bought, inScope, alsoInScope].sort());
    const paidFrom = (await app.request('GET', `/api/v1/me/subscriptions/${subscriptionId}`, { token: member.token })).body;
    const enrolled = (await learningOf(member)).find((item) => item.contentId === inScope)!;
    expect(enrolled.enrolledAt).not.toBeNull();
    expect(Date.parse(enrolled.enrolledAt!)).toBeLessThanOrEqual(clock.now().getTime());
    expect((await start(member, outOfScope)).status).toBe(403);

    // What the creator publishes while it runs is in too; what they take off the catalogue leaves.
    const later = await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons });
    expect(await learning(member)).toEqual([bought, inScope, alsoInScope, later].sort());
    expect((await app.request('POST', `/api/v1/contents/${alsoInScope}/unpublish`, { token: creator.token })).status).toBe(200);
    expect(await learning(member)).toEqual([bought, inScope, later].sort());

    // Canceled, it lasts to the end of the paid month, then ends: its items leave learning, the bought one stays.
    expect((await app.request('POST', `/api/v1/me/subscriptions/${subscriptionId}/cancel`, { token: member.token })).status).toBe(200);
    const paidUntil = paidFrom.paidUntil as string;
    expect(await settle(subscriptionId, paidUntil)).toEqual({ settled: ['commerce.subscription-expired'] });
    clock.set(new Date(Date.parse(paidUntil) - 1000));
    expect(await learning(member)).toEqual([bought, inScope, later].sort());
    clock.set(new Date(Date.parse(paidUntil) + 1000));
    expect(await learning(member)).toEqual([bought]);
    expect((await start(member, inScope)).status).toBe(403);
    expect((await app.request('GET', `/api/v1/contents/${inScope}`, { token: member.token })).body.lessons[0].body).toBeNull();
  });

  it("enrols a column's member in that column alone", async () => {
    clock.set(new Date());
    const column = await publishContent(app, creator, moderatorToken, { kind: 'column', priceCents: 5000, lessons });
    const sibling = await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons });
    const member = await app.user('column-member');
    await join(member, await createPlan(creator.token, { appliesTo: 'content', contentId: column }), 990);
    expect(await learning(member)).toEqual([column]);
    expect(await learning(member)).not.toContain(sibling);
  });

  it('lists for a platform-wide VIP only the items they started: the whole catalogue would bury them', async () => {
    clock.set(new Date());
    const first = await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons });
    const second = await publishContent(app, otherCreator, moderatorToken, { kind: 'article', priceCents: 5000, lessons });
    const member = await app.user('vip');
    await join(member, await createPlan(await app.adminToken(), { name: 'VIP 年卡', appliesTo: 'platform', priceCents: 19_900, periodUnit: 'year' }), 19_900);
    expect(await learning(member)).toEqual([]);
    expect((await start(member, second)).status).toBe(200);
    expect(await learning(member)).toEqual([second]);
    expect(await learning(member)).not.toContain(first);
  });

  it("counts a member's drip days from the membership's start, with nothing opened, in the detail, progress and learning", async () => {
    const DAY = 86_400_000;
    clock.set(new Date());
    const dripLessons = [
      { title: '一', body: '开门', preview: false },
      { title: '七天后', body: '第七天的课', preview: false, drip: { afterDays: 7 } },
      { title: '十四天后', body: '第十四天的课', preview: false, drip: { afterDays: 14 } },
    ];
    const item = await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons: dripLessons });
    const member = await app.user('drip-member');
    await join(member, await createPlan(creator.token, { appliesTo: 'creator' }), 990);
    const [{ since }] = await app.sql(`SELECT min(valid_from) AS since FROM commerce_subscription_access WHERE user_id = $1`, [member.id]);
    const startedAt = (since as Date).getTime();
    const ids = (await app.request('GET', `/api/v1/contents/${item}`, { token: creator.token })).body.lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[];
    const fourteenDaysIn = new Date(startedAt + 14 * DAY).toISOString();
    const beat = (lessonId: string) =>
      app.request('POST', `/api/v1/me/learning/${item}/lessons/${lessonId}/progress`, { token: member.token, body: { positionSeconds: 0 } });
    const bodies = async () =>
      (await app.request('GET', `/api/v1/contents/${item}`, { token: member.token })).body.lessons.map((lesson: { body: string | null; unlocksAt: string | null }) => [
        lesson.body,
        lesson.unlocksAt,
      ]);

    // Ten days into the membership, having opened nothing: the seven-day lesson is open, the fourteen-day one says when it opens.
    clock.set(new Date(startedAt + 10 * DAY));
    expect(await app.sql(`SELECT 1 FROM catalog_enrolments WHERE user_id = $1`, [member.id])).toEqual([]);
    expect(await bodies()).toEqual([
      ['开门', null],
      ['第七天的课', null],
      [null, fourteenDaysIn],
    ]);
    const entryOf = async () =>
      ((await app.request('GET', '/api/v1/me/learning', { token: member.token })).body.items as { contentId: string }[]).find((candidate) => candidate.contentId === item);
    const entry = await entryOf();
    expect(entry).toMatchObject({
      contentId: item,
      enrolledAt: new Date(startedAt).toISOString(),
      nextLesson: { lessonId: ids[0] },
      nextUnlock: { lessonId: ids[2], title: '十四天后', unlocksAt: fourteenDaysIn },
    });
    const locked = await beat(ids[2]!);
    expect([locked.status, locked.body.code, locked.body.unlocksAt]).toEqual([403, 'CATALOG.LESSON_LOCKED', fourteenDaysIn]);
    // Opening a first lesson now (an enrolment row ten days late) moves nothing: the membership enrolled them first.
    expect((await beat(ids[1]!)).status).toBe(200);
    expect((await beat(ids[0]!)).status).toBe(200);
    expect((await bodies())[1]).toEqual(['第七天的课', null]);
    expect((await bodies())[2]).toEqual([null, fourteenDaysIn]);

    // A second before the fourteenth day: locked; a second after: open everywhere.
    clock.set(new Date(startedAt + 14 * DAY - 1000));
    expect((await beat(ids[2]!)).body.code).toBe('CATALOG.LESSON_LOCKED');
    clock.set(new Date(startedAt + 14 * DAY + 1000));
    expect((await bodies())[2]).toEqual(['第十四天的课', null]);
    expect((await beat(ids[2]!)).status).toBe(200);
    expect(await entryOf()).toMatchObject({ nextUnlock: null });
    // Someone without the membership still reads nothing of it, however late.
    const stranger = await app.user('drip-stranger');
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: stranger.token })).body.lessons.map((lesson: { body: string | null }) => lesson.body)).toEqual([
      null,
      null,
      null,
    ]);
  });
});
