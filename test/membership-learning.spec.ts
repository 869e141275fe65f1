import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

/**
 * A membership opens a creator's items without a grant for each, so a member is enrolled in an item of
 * its scope when they start it (README, "Enrolment"): listing every item a VIP membership opens as
 * "my learning" would bury what they study. Their learning holds those items while the membership
 * lasts, and loses them when it ends; what they bought stays.
 */
describe('membership and learning: enrolled through a membership while it lasts', () => {
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    app = await TestApp.start();
    [creator, otherCreator] = await Promise.all([app.user('creator', ['creator']), app.user('other-creator', ['creator'])]);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const lessons = [{ title: '第一讲', body: '只给会员', preview: false }];
  const learning = async (member: TestUser) =>
    ((await app.request('GET', '/api/v1/me/learning', { token: member.token })).body.items as { contentId: string; enrolledAt: string | null }[]).map(
      (item) => item.contentId,
    );
  const firstLesson = async (contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons[0].lessonId as string;
  const start = async (member: TestUser, contentId: string) =>
    app.request('POST', `/api/v1/me/learning/${contentId}/lessons/${await firstLesson(contentId)}/progress`, { token: member.token, body: { positionSeconds: 0 } });
  const settle = (subscriptionId: string, at: string) =>
    app.api.get(CommandBus).execute(new SettleSubscription(subscriptionId, at, systemContext('test'), new Date(at)));

  it("lists the scope's items a member started, not another creator's; ends with the membership; keeps what was bought", async () => {
    const [inScope, alsoInScope, outOfScope] = [
      await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons }),
      await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 5000, lessons }),
      await publishContent(app, otherCreator, moderatorToken, { kind: 'article', priceCents: 5000, lessons }),
    ];
    const bought = await publishContent(app, otherCreator, moderatorToken, { kind: 'article', priceCents: 3000, lessons });
    const member = await app.user('member');
    const order = await placeOrder(app, member, [bought]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 3000 })).status).toBe(200);
    expect(await learning(member)).toEqual([bought]);

    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(plan.status).toBe(201);
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    // Not paid yet: nothing is open, nothing can be started.
    expect((await start(member, inScope)).status).toBe(403);
    expect((await deliverWebhook(app, { paymentId: subscription.openPayment.paymentId, amountCents: 990 })).status).toBe(200);

    // Paid: the scope's items open; starting one enrols the member, and learning lists it from then on.
    expect((await start(member, inScope)).status).toBe(200);
    expect((await start(member, outOfScope)).status).toBe(403);
    expect((await learning(member)).sort()).toEqual([bought, inScope].sort());
    expect((await start(member, alsoInScope)).status).toBe(200);
    expect((await learning(member)).sort()).toEqual([bought, inScope, alsoInScope].sort());

    // Canceled, it lasts to the end of the paid month, then ends: the membership's items leave learning, the bought one stays.
    expect((await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/cancel`, { token: member.token })).status).toBe(200);
    const paidUntil = (await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: member.token })).body.paidUntil as string;
    expect((await learning(member)).sort()).toEqual([bought, inScope, alsoInScope].sort());
    expect(await settle(subscription.subscriptionId, paidUntil)).toEqual({ settled: ['commerce.subscription-expired'] });
    // Expired at the end of its month, which lies ahead: until then the paid month still counts.
    expect((await learning(member)).sort()).toEqual([bought, inScope, alsoInScope].sort());
    // Commerce compares access periods with the database's now(), which a test cannot move: the month is moved into the past instead.
    await app.sql(
      `UPDATE commerce_subscription_access SET valid_from = valid_from - interval '40 days', valid_to = valid_to - interval '40 days' WHERE subscription_id = $1`,
      [subscription.subscriptionId],
    );
    expect(await learning(member)).toEqual([bought]);
    expect((await start(member, inScope)).status).toBe(403);
    expect((await app.request('GET', `/api/v1/contents/${inScope}`, { token: member.token })).body.lessons[0].body).toBeNull();

    // A new membership gives them back, from the first enrolment's date (drip release counts from it).
    const again = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    expect((await deliverWebhook(app, { paymentId: again.openPayment.paymentId, amountCents: 990 })).status).toBe(200);
    expect((await learning(member)).sort()).toEqual([bought, inScope, alsoInScope].sort());
    expect(await app.sql(`SELECT count(*)::int AS n FROM catalog_enrolments WHERE user_id = $1`, [member.id])).toEqual([{ n: 3 }]);
  });
});
