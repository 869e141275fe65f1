import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('access given by staff (comps)', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const grant = async (body: object, key = randomUUID(), token?: string) =>
    app.request('POST', '/api/v1/admin/access-grants', { token: token ?? (await app.adminToken()), body, headers: { 'idempotency-key': key } });
  const revoke = async (grantId: string, reason = 'given by mistake', token?: string) =>
    app.request('POST', `/api/v1/admin/access-grants/${grantId}/revoke`, { token: token ?? (await app.adminToken()), body: { reason } });
  const access = async (user: TestUser, contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: user.token })).body.access;
  const grantsOf = async (user: TestUser) =>
    (await app.request('GET', `/api/v1/admin/users/${user.id}/access-grants`, { token: await app.adminToken() })).body.items as {
      source: string;
      sourceId: string;
      activeNow: boolean;
      revokedReason: string | null;
    }[];

  it('gives a learner an item with a reason, once however often it is asked, and takes it back without touching what they paid for', async () => {
    const item = await publishContent(app, creator, moderatorToken, { priceCents: 5000 });
    const learner = await app.user('learner');
    expect(await access(learner, item)).toBe('preview');

    const key = randomUUID();
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const taps = await Promise.all(Array.from({ length: 20 }, () => grant({ userId: learner.id, contentId: item, validTo: inAMonth, reason: '视频损坏的补偿' }, key)));
    expect(taps.filter((tap) => tap.status === 201).length).toBeGreaterThan(0);
    // The others are told the first is still running (409), or get its answer if it finished.
    expect(taps.every((tap) => tap.status === 201 || tap.body.code === 'IDEMPOTENCY.IN_FLIGHT')).toBe(true);
    const grantId = taps.find((tap) => tap.status === 201)!.body.grantId as string;
    expect(new Set(taps.filter((tap) => tap.status === 201).map((tap) => tap.body.grantId))).toEqual(new Set([grantId]));
    expect(await access(learner, item)).toBe('full');
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'commerce.access-granted-by-staff'`)).toEqual([{ n: 1 }]);
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_ledger_lines`)).toEqual([{ n: 0 }]); // no money moves

    // A comp for a month does not stop the learner buying it for good; taking the comp back leaves the purchase's access.
    const order = await placeOrder(app, learner, [item]);
    expect(order.status).toBe(201);
    await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 5000 });
    expect((await revoke(grantId)).status).toBe(204);
    expect((await revoke(grantId)).status).toBe(204); // twice: nothing more
    expect(await access(learner, item)).toBe('full');
    const grants = await grantsOf(learner);
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'staff', sourceId: grantId, activeNow: false, revokedReason: 'revoked by staff: given by mistake' }),
        expect.objectContaining({ source: 'order-item', sourceId: order.body.id, activeNow: true }),
      ]),
    );
  });

  it('counts an item given for good as held: buying it would buy nothing', async () => {
    const item = await publishContent(app, creator, moderatorToken);
    const learner = await app.user('prize-winner');
    expect((await grant({ userId: learner.id, contentId: item, reason: '征文比赛一等奖' })).status).toBe(201);
    const order = await placeOrder(app, learner, [item]);
    expect({ status: order.status, code: order.body.code }).toEqual({ status: 409, code: 'COMMERCE.ALREADY_OWNED' });
  });

  it('ends a grant at its date, and refuses what makes no sense', async () => {
    const item = await publishContent(app, creator, moderatorToken);
    const learner = await app.user('trial');
    const soon = new Date(Date.now() + 1500).toISOString();
    expect((await grant({ userId: learner.id, contentId: item, validTo: soon, reason: 'a short look' })).status).toBe(201);
    expect(await access(learner, item)).toBe('full');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await access(learner, item)).toBe('preview');

    const past = await grant({ userId: learner.id, contentId: item, validTo: new Date(Date.now() - 1000).toISOString(), reason: 'too late' });
    expect({ status: past.status, code: past.body.code }).toEqual({ status: 422, code: 'COMMERCE.STAFF_GRANT_ENDS_IN_PAST' });
    const nobody = await grant({ userId: randomUUID(), contentId: item, reason: 'who?' });
    expect({ status: nobody.status, code: nobody.body.code }).toEqual({ status: 404, code: 'COMMERCE.USER_NOT_FOUND' });
    const nothing = await grant({ userId: learner.id, contentId: randomUUID(), reason: 'what?' });
    expect({ status: nothing.status, code: nothing.body.code }).toEqual({ status: 422, code: 'COMMERCE.CONTENT_NOT_FOR_SALE' });
    expect((await grant({ userId: learner.id, contentId: item, reason: 'x' })).status).toBe(400); // a reason of 3+ characters
    expect((await grant({ userId: learner.id, contentId: item, reason: 'roles too', roles: ['admin'] })).status).toBe(400);
    expect((await revoke(randomUUID())).body.code).toBe('COMMERCE.STAFF_GRANT_NOT_FOUND');
    expect(await app.sql(`SELECT count(*)::int AS n FROM commerce_access_grants WHERE user_id = $1`, [learner.id])).toEqual([{ n: 1 }]);
  });

  it('is for admins alone: finance, creators and learners are refused, and see nothing', async () => {
    const item = await publishContent(app, creator, moderatorToken);
    const learner = await app.user('hopeful');
    for (const token of [learner.token, creator.token, finance.token]) {
      expect((await grant({ userId: learner.id, contentId: item, reason: 'for me' }, randomUUID(), token)).status).toBe(403);
      expect((await revoke(randomUUID(), 'no', token)).status).toBe(403);
      expect((await app.request('GET', `/api/v1/admin/users/${learner.id}/access-grants`, { token })).status).toBe(403);
    }
    expect((await app.request('POST', '/api/v1/admin/access-grants', { body: {}, headers: { 'idempotency-key': randomUUID() } })).status).toBe(401);
    expect(await access(learner, item)).toBe('preview');
  });
});
