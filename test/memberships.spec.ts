import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '#platform';
import { SettleSubscription } from '../libs/commerce/src/commands/subscriptions.js';
import { deliverWebhook, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

const DAY = 86_400_000;
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

describe('memberships', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ env: { MEMBERSHIP_GRACE_DAYS: '7', MEMBERSHIP_RETRY_DAYS: '1,3' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const createPlan = (owner: TestUser | string, body: object, key = randomUUID()) =>
    app.request('POST', '/api/v1/plans', {
      token: typeof owner === 'string' ? owner : owner.token,
      body: { name: '创作者月卡', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month', ...body },
      headers: { 'idempotency-key': key },
    });
  const subscribe = (member: TestUser, planId: string) => app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId } });
  const mine = async (member: TestUser, subscriptionId: string) =>
    (await app.request('GET', `/api/v1/me/subscriptions/${subscriptionId}`, { token: member.token })).body;
  const access = async (member: TestUser, contentId: string) =>
    (await app.request('GET', `/api/v1/contents/${contentId}`, { token: member.token })).body.access;
  const pay = (paymentId: string, amountCents = 990, type = 'payment.succeeded') => deliverWebhook(app, { type, paymentId, amountCents });
  /** What the worker would do at `at` for a job due then. */
  const settle = (subscriptionId: string, at: string) =>
    app.api.get(CommandBus).execute(new SettleSubscription(subscriptionId, at, systemContext('test'), new Date(at)));
  const trialBalance = async () => (await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body;

  it('opens a creator\'s whole catalogue, present and future, for each paid month; renews, retries a failed renewal and lapses when it is canceled', async () => {
    const before = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const plan = await createPlan(creator, {});
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ scope: { kind: 'creator', creatorId: creator.id }, priceCents: 990, period: { unit: 'month', count: 1 }, status: 'offered' });
    const learner = await app.user('member');
    expect(await access(learner, before)).toBe('preview');

    // Thirty taps on "subscribe" open one subscription with one charge.
    const taps = await Promise.all(Array.from({ length: 30 }, () => subscribe(learner, plan.body.planId)));
    expect(taps.filter((tap) => tap.status === 201)).toHaveLength(1);
    // The others are told of it (200), never that the record moved under them.
    expect(taps.filter((tap) => tap.status !== 201).map((tap) => tap.status)).toEqual(Array(29).fill(200));
    expect(new Set(taps.map((tap) => tap.body.subscriptionId)).size).toBe(1);
    const subscription = taps.find((tap) => tap.status === 201)!.body;
    expect(subscription).toMatchObject({ status: 'pending', paidUntil: null, accessUntil: null, openPayment: { amountCents: 990, currency: 'CNY', attempt: 1 } });
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_subscription_payments`)).toEqual([{ n: 1 }]);
    expect(await access(learner, before)).toBe('preview'); // not before it is paid

    expect((await pay(subscription.openPayment.paymentId)).body.status).toBe('processed');
    const paid = await mine(learner, subscription.subscriptionId);
    expect(paid).toMatchObject({ status: 'active', openPayment: null, canceled: false });
    expect(paid.accessUntil).toBe(paid.paidUntil);
    expect(await access(learner, before)).toBe('full');
    const after = await publishContent(app, creator, moderatorToken, { priceCents: 7000 });
    expect(await access(learner, after)).toBe('full');
    // Another creator's items are not part of it.
    const otherCreator = await app.user('other-creator', ['creator']);
    expect(await access(learner, await publishContent(app, otherCreator, moderatorToken))).toBe('preview');
    // The creator earns from it like a sale (20 % commission), and the ledger balances.
    const earnings = (await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body;
    expect(earnings.balances[0]).toMatchObject({ pendingCents: 792 });
    const statement = (await app.request('GET', '/api/v1/creator/earnings/statement', { token: creator.token })).body;
    expect(statement.items.map((line: { kind: string; amountCents: number }) => [line.kind, line.amountCents])).toEqual([['membership', 792]]);
    expect((await trialBalance()).balanced).toBe(true);

    // Too early, nothing happens; a day before the month ends, the renewal is charged.
    expect(await settle(subscription.subscriptionId, addDays(paid.paidUntil, -2))).toEqual({ settled: [] });
    const renewalAt = addDays(paid.paidUntil, -1);
    expect(await settle(subscription.subscriptionId, renewalAt)).toEqual({ settled: ['commerce.subscription-payment-requested'] });
    expect(await settle(subscription.subscriptionId, renewalAt)).toEqual({ settled: [] }); // a job run twice charges once
    const renewal = (await mine(learner, subscription.subscriptionId)).openPayment;
    expect(renewal).toMatchObject({ attempt: 1, amountCents: 990 });

    // The card is declined: access runs on through the grace while the charge is retried a day later.
    await pay(renewal.paymentId, 990, 'payment.failed');
    const pastDue = await mine(learner, subscription.subscriptionId);
    expect(pastDue).toMatchObject({ status: 'past_due', paidUntil: paid.paidUntil, graceEndsAt: addDays(paid.paidUntil, 7), accessUntil: addDays(paid.paidUntil, 7) });
    expect(Date.parse(pastDue.nextRetryAt) - Date.now()).toBeGreaterThan(0.9 * DAY);
    expect(await access(learner, before)).toBe('full');
    expect(await settle(subscription.subscriptionId, pastDue.nextRetryAt)).toEqual({ settled: ['commerce.subscription-payment-requested'] });
    const retry = (await mine(learner, subscription.subscriptionId)).openPayment;
    expect(retry.attempt).toBe(2);
    await pay(retry.paymentId);
    const renewed = await mine(learner, subscription.subscriptionId);
    // The new month starts where the last one ended, not when the retry went through.
    expect(renewed).toMatchObject({ status: 'active', nextRetryAt: null, graceEndsAt: null });
    expect(Date.parse(renewed.paidUntil) - Date.parse(paid.paidUntil)).toBeGreaterThanOrEqual(28 * DAY);
    // The old charge going through after all is owed back, not a third month.
    expect((await pay(renewal.paymentId)).body.status).toBe('processed');
    expect((await mine(learner, subscription.subscriptionId)).paidUntil).toBe(renewed.paidUntil);

    // Canceled, it runs to the end of the paid time; resumed, it renews again; canceled, it ends.
    const cancel = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/cancel`, { token: learner.token });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ canceled: true, status: 'active', accessUntil: renewed.paidUntil });
    const resumed = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/resume`, { token: learner.token });
    expect(resumed.body).toMatchObject({ canceled: false, accessUntil: renewed.paidUntil });
    await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/cancel`, { token: learner.token });
    expect(await settle(subscription.subscriptionId, addDays(renewed.paidUntil, -1))).toEqual({ settled: [] }); // no renewal once canceled
    expect(await settle(subscription.subscriptionId, renewed.paidUntil)).toEqual({ settled: ['commerce.subscription-expired'] });
    expect(await mine(learner, subscription.subscriptionId)).toMatchObject({ status: 'expired', accessUntil: null });
    const ended = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/resume`, { token: learner.token });
    expect(ended).toMatchObject({ status: 409, body: { code: 'COMMERCE.SUBSCRIPTION_ENDED' } });

    // Money: three charges went through, two paid a month each, one is owed back; the ledger balances.
    const due = await app.request('GET', '/api/v1/admin/finance/refunds-due', { token: finance.token });
    expect(due.body.items).toEqual([
      expect.objectContaining({ reason: 'late-subscription-payment', orderId: null, subscriptionId: subscription.subscriptionId, amountCents: 990, paymentId: renewal.paymentId }),
    ]);
    const balance = await trialBalance();
    expect(balance.balanced).toBe(true);
    expect((await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body.balances[0].pendingCents).toBe(2 * 792);

    // Subscribing again starts a new round on the same subscription.
    const again = await subscribe(learner, plan.body.planId);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ subscriptionId: subscription.subscriptionId, status: 'pending' });
  });

  it('gives a free trial once per member and plan; one never paid ends at once when canceled', async () => {
    const plan = await createPlan(creator, { name: '试用7天', trialDays: 7 });
    const contentId = await publishContent(app, creator, moderatorToken);
    const learner = await app.user('trial');
    const started = await subscribe(learner, plan.body.planId);
    expect(started.body).toMatchObject({ status: 'trialing', openPayment: null });
    expect(Date.parse(started.body.trialEndsAt) - Date.parse(started.body.startedAt)).toBe(7 * DAY);
    expect(started.body.accessUntil).toBe(started.body.trialEndsAt);
    expect(await access(learner, contentId)).toBe('full');

    const canceled = await app.request('POST', `/api/v1/me/subscriptions/${started.body.subscriptionId}/cancel`, { token: learner.token });
    expect(canceled.body).toMatchObject({ canceled: true, accessUntil: started.body.trialEndsAt });
    await settle(started.body.subscriptionId, started.body.trialEndsAt);
    expect((await mine(learner, started.body.subscriptionId)).status).toBe('expired');

    const again = await subscribe(learner, plan.body.planId);
    expect(again.body).toMatchObject({ status: 'pending', trialEndsAt: null, openPayment: { amountCents: 990 } });
    const dropped = await app.request('POST', `/api/v1/me/subscriptions/${again.body.subscriptionId}/cancel`, { token: learner.token });
    expect(dropped.body).toMatchObject({ status: 'expired' });
    expect(await access(learner, contentId)).toBe('preview');
  });

  it('opens everything with a VIP plan, whose money is the platform\'s own', async () => {
    const admin = await app.adminToken();
    const vip = await createPlan(admin, { name: 'VIP 年卡', appliesTo: 'platform', priceCents: 19_900, periodUnit: 'year' });
    expect(vip.status).toBe(201);
    const learner = await app.user('vip');
    const contents = [await publishContent(app, creator, moderatorToken), await publishContent(app, await app.user('c2', ['creator']), moderatorToken)];
    const subscription = (await subscribe(learner, vip.body.planId)).body;
    await pay(subscription.openPayment.paymentId, 19_900);
    const paid = await mine(learner, subscription.subscriptionId);
    expect(Date.parse(paid.paidUntil) - Date.now()).toBeGreaterThan(364 * DAY);
    for (const contentId of contents) expect(await access(learner, contentId)).toBe('full');
    const [revenue] = await app.sql(`SELECT -sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE account = 'revenue:memberships'`);
    expect(revenue.cents).toBe(19_900);
  });

  it('lets creators offer plans over their own items only, staff alone a VIP plan, and members see and change only their own', async () => {
    const other = await app.user('rival', ['creator']);
    const theirs = await publishContent(app, other, moderatorToken);
    const learner = await app.user('learner');

    expect((await createPlan(creator, { appliesTo: 'content', contentId: theirs })).body.code).toBe('AUTHZ.FORBIDDEN');
    expect((await createPlan(creator, { appliesTo: 'platform' })).body.code).toBe('AUTHZ.FORBIDDEN');
    expect((await createPlan(learner, {})).status).toBe(403);
    expect((await createPlan(creator, { appliesTo: 'content' })).body.code).toBe('COMMERCE.PLAN_TERMS_INVALID');
    expect((await createPlan(creator, { appliesTo: 'content', contentId: randomUUID() })).body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');
    const bad = await createPlan(creator, { priceCents: 0, periodUnit: 'week', trialDays: 365, name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['name', 'periodUnit', 'priceCents', 'trialDays']);

    // A column plan opens that one item.
    const column = await publishContent(app, creator, moderatorToken, { kind: 'column' });
    const plan = await createPlan(creator, { appliesTo: 'content', contentId: column, name: '专栏订阅' });
    expect(plan.body.scope).toEqual({ kind: 'content', contentId: column, creatorId: creator.id });
    // Retrying with the same Idempotency-Key gives the same plan.
    const key = randomUUID();
    const first = await createPlan(creator, { name: 'once' }, key);
    expect((await createPlan(creator, { name: 'once' }, key)).body.planId).toBe(first.body.planId);

    const subscription = (await subscribe(learner, plan.body.planId)).body;
    await pay(subscription.openPayment.paymentId);
    expect(await access(learner, column)).toBe('full');
    expect(await access(learner, await publishContent(app, creator, moderatorToken))).toBe('preview');

    // Someone else's subscription and plan do not exist, as far as they are told.
    const stranger = await app.user('stranger');
    expect((await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: stranger.token })).status).toBe(404);
    const theft = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/cancel`, { token: stranger.token });
    expect(theft).toMatchObject({ status: 404, body: { code: 'COMMERCE.SUBSCRIPTION_NOT_FOUND' } });
    expect((await mine(learner, subscription.subscriptionId)).canceled).toBe(false);
    expect((await app.request('GET', '/api/v1/me/subscriptions', { token: stranger.token })).body.items).toEqual([]);
    expect((await app.request('POST', `/api/v1/plans/${plan.body.planId}/retire`, { token: other.token })).status).toBe(404);

    // Retired, it takes no new members; its members keep it.
    const retired = await app.request('POST', `/api/v1/plans/${plan.body.planId}/retire`, { token: creator.token });
    expect(retired.body.status).toBe('retired');
    expect((await subscribe(stranger, plan.body.planId)).body.code).toBe('COMMERCE.PLAN_RETIRED');
    expect(await access(learner, column)).toBe('full');
    const offered = await app.request('GET', `/api/v1/plans?creatorId=${creator.id}&limit=100`);
    expect(offered.body.items.map((item: { planId: string }) => item.planId)).not.toContain(plan.body.planId);
    const own = await app.request('GET', '/api/v1/creator/plans?limit=100', { token: creator.token });
    expect(own.body.items.map((item: { planId: string }) => item.planId)).toContain(plan.body.planId);
    const forColumn = await app.request('GET', `/api/v1/plans?contentId=${column}`);
    expect(forColumn.body.items.every((item: { scope: { kind: string } }) => item.scope.kind !== 'content')).toBe(true);
    expect((await app.request('GET', `/api/v1/plans/${randomUUID()}`)).body.code).toBe('COMMERCE.PLAN_NOT_FOUND');
    expect((await subscribe(learner, randomUUID())).body.code).toBe('COMMERCE.PLAN_NOT_FOUND');

    // An account whose email is not verified browses plans but does not subscribe.
    const email = `unverified-${randomUUID()}@zhiku.test`;
    await app.request('POST', '/api/v1/auth/register', { body: { email, password: 'a long enough passphrase', displayName: 'u' } });
    const token = (await app.request('POST', '/api/v1/auth/login', { body: { email, password: 'a long enough passphrase' } })).body.accessToken;
    const refused = await app.request('POST', '/api/v1/me/subscriptions', { token, body: { planId: first.body.planId } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'AUTH.EMAIL_UNVERIFIED' });
  });

  it('takes no new members on a column taken off the catalogue, while its members keep their subscription and renew it', async () => {
    const columnist = await app.user('columnist', ['creator']);
    const column = await publishContent(app, columnist, moderatorToken, { kind: 'column', priceCents: 5000 });
    const columnPlan = (await createPlan(columnist, { appliesTo: 'content', contentId: column, name: '专栏订阅' })).body;
    const wholePlan = (await createPlan(columnist, { name: '全部专栏' })).body;
    const member = await app.user('column-member');
    const subscription = (await subscribe(member, columnPlan.planId)).body;
    await pay(subscription.openPayment.paymentId);
    const waiting = await app.user('column-unpaid'); // subscribed, first charge not paid yet
    const unpaid = (await subscribe(waiting, columnPlan.planId)).body;
    const mover = await app.user('column-mover'); // on the creator's other plan, to move onto the column's
    const moving = (await subscribe(mover, wholePlan.planId)).body;
    await pay(moving.openPayment.paymentId);

    expect((await app.request('POST', `/api/v1/contents/${column}/unpublish`, { token: columnist.token })).status).toBe(200);
    const newcomer = await app.user('column-newcomer');
    const refused = await subscribe(newcomer, columnPlan.planId);
    expect([refused.status, refused.headers['content-type'], refused.body.code]).toEqual([422, expect.stringContaining('application/problem+json'), 'COMMERCE.CONTENT_NOT_FOR_SALE']);
    expect((await app.request('GET', '/api/v1/me/subscriptions', { token: newcomer.token })).body.items).toEqual([]);
    const checkout = await app.request('POST', `/api/v1/me/subscriptions/${unpaid.subscriptionId}/checkout`, { token: waiting.token });
    expect([checkout.status, checkout.body.code]).toEqual([422, 'COMMERCE.CONTENT_NOT_FOR_SALE']);
    const move = await app.request('POST', `/api/v1/me/subscriptions/${moving.subscriptionId}/change-plan`, { token: mover.token, body: { planId: columnPlan.planId } });
    expect([move.status, move.body.code]).toEqual([422, 'COMMERCE.CONTENT_NOT_FOR_SALE']);
    expect((await mine(mover, moving.subscriptionId)).plan.planId).toBe(wholePlan.planId);

    // Its member keeps it: asking again returns it, the column stays open, and the renewal is charged and payable as before.
    const again = await subscribe(member, columnPlan.planId);
    expect([again.status, again.body.subscriptionId]).toEqual([200, subscription.subscriptionId]);
    expect(await access(member, column)).toBe('full');
    const paid = await mine(member, subscription.subscriptionId);
    expect((await settle(subscription.subscriptionId, addDays(paid.paidUntil, -1))).settled).toEqual(['commerce.subscription-payment-requested']);
    const renewal = await app.request('POST', `/api/v1/me/subscriptions/${subscription.subscriptionId}/checkout`, { token: member.token });
    expect(renewal.status).toBe(200);

    // Hidden by a moderator, the same; republished, it takes new members again.
    expect((await app.request('POST', `/api/v1/contents/${column}/republish`, { token: columnist.token })).status).toBe(200);
    expect((await subscribe(newcomer, columnPlan.planId)).status).toBe(201);
    expect((await app.request('POST', `/api/v1/admin/contents/${column}/hide`, { token: moderatorToken, body: { reason: '侵权' } })).status).toBe(200);
    expect((await subscribe(await app.user('column-late'), columnPlan.planId)).body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');
    expect(await access(member, column)).toBe('full');
  });

  it('moves a member to a bigger plan for the difference (to the day), and to a smaller one at once with extra days instead of change', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const basic = (await createPlan(creator, { name: '基础会员', priceCents: 990 })).body.planId as string;
    const gold = (await createPlan(creator, { name: '黄金会员', priceCents: 2990 })).body.planId as string;
    const learner = await app.user('upgrader');
    const started = (await subscribe(learner, basic)).body;
    await pay(started.openPayment.paymentId);
    const paid = await mine(learner, started.subscriptionId);
    const changePlan = (member: TestUser, subscriptionId: string, planId: string) =>
      app.request('POST', `/api/v1/me/subscriptions/${subscriptionId}/change-plan`, { token: member.token, body: { planId } });

    // A month paid a moment ago: every day but the one begun is credited.
    const periodDays = Math.round((Date.parse(paid.paidUntil) - Date.now()) / DAY);
    const credit = Math.floor((990 * (periodDays - 1)) / periodDays);
    const upgrade = await changePlan(learner, started.subscriptionId, gold);
    expect(upgrade.status).toBe(200);
    expect(upgrade.body).toMatchObject({ plan: { planId: basic }, openPayment: { purpose: 'plan-change', toPlanId: gold, amountCents: 2990 - credit } });
    // Thirty taps change nothing more; another plan meanwhile waits.
    const taps = await Promise.all(Array.from({ length: 30 }, () => changePlan(learner, started.subscriptionId, gold)));
    expect(taps.map((tap) => tap.status)).toEqual(Array(30).fill(200));
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_subscription_payments WHERE purpose = 'plan-change'`)).toEqual([{ n: 1 }]);
    expect((await changePlan(learner, started.subscriptionId, basic)).body.code).toBe('COMMERCE.PLAN_CHANGE_PENDING');

    await pay(upgrade.body.openPayment.paymentId, 2990 - credit);
    const upgraded = await mine(learner, started.subscriptionId);
    expect(upgraded).toMatchObject({ plan: { planId: gold }, status: 'active', openPayment: null });
    expect(Date.parse(upgraded.paidUntil) - Date.now()).toBeGreaterThan(27 * DAY);
    expect(await access(learner, item)).toBe('full');
    // The change's charge is shared like a period, and the member holds one subscription on gold.
    const [line] = await app.sql(`SELECT -sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE transaction_id = $1 AND account LIKE 'liabilities:creator-payable:%'`, [
      `membership:${upgrade.body.openPayment.paymentId}`,
    ]);
    expect(line.cents).toBe(2990 - credit - Math.round(((2990 - credit) * 2000) / 10_000));
    expect((await subscribe(learner, gold)).body).toMatchObject({ subscriptionId: started.subscriptionId, plan: { planId: gold } });
    expect((await trialBalance()).balanced).toBe(true);

    // Back to basic: gold's credit is worth more than basic's price, so it buys basic beyond a month; no money moves.
    const ledgerBefore = await app.sql(`SELECT count(*)::int AS n FROM commerce_ledger_lines`);
    const downgrade = await changePlan(learner, started.subscriptionId, basic);
    expect(downgrade.body).toMatchObject({ plan: { planId: basic }, status: 'active', openPayment: null });
    expect(Date.parse(downgrade.body.paidUntil) - Date.now()).toBeGreaterThan(60 * DAY);
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_ledger_lines`)).toEqual(ledgerBefore);

    // Another creator's plan, someone else's subscription, a plan that does not exist.
    const otherCreator = await app.user('rival', ['creator']);
    const rivalPlan = (await createPlan(otherCreator, {})).body.planId as string;
    const refused = await changePlan(learner, started.subscriptionId, rivalPlan);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'COMMERCE.PLAN_CHANGE_NOT_ALLOWED' });
    const stranger = await app.user('stranger');
    expect((await changePlan(stranger, started.subscriptionId, gold)).body.code).toBe('COMMERCE.SUBSCRIPTION_NOT_FOUND');
    expect((await changePlan(learner, started.subscriptionId, randomUUID())).status).toBe(404);
    expect((await app.request('POST', `/api/v1/me/subscriptions/${started.subscriptionId}/change-plan`, { token: learner.token, body: { planId: 'gold' } })).status).toBe(400);
  });
});

describe('memberships in the worker', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { ORDER_PAYMENT_WINDOW_MS: '1000' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('ends a subscription whose first charge nobody paid when its window closes', async () => {
    const creator = await app.user('creator', ['creator']);
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: 'm', appliesTo: 'creator', priceCents: 990, currency: 'CNY', periodUnit: 'month' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const learner = await app.user('learner');
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: learner.token, body: { planId: plan.body.planId } })).body;
    expect(subscription.status).toBe('pending');
    const ended = await eventually(async () => {
      const view = await app.request('GET', `/api/v1/me/subscriptions/${subscription.subscriptionId}`, { token: learner.token });
      return view.body.status === 'expired' ? view.body : undefined;
    }, 15_000, 'the unpaid subscription to end');
    expect(ended.openPayment).toBeNull();
    const [event] = await app.sql(`SELECT data, metadata FROM events WHERE type = 'commerce.subscription-expired'`);
    expect(event.data.reason).toBe('unpaid');
    expect(event.metadata.requestId).toMatch(/^job-/);
  });
});
