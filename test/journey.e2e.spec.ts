import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent, sampleContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/**
 * The core purchase journey through HTTP, with the api and the worker both running:
 * a creator publishes, a moderator approves, a learner pays and can then read; every step is
 * audited and the worker turns purchases into recommendations.
 */
describe('journey: publish, approve, buy, read, audit, recommend', () => {
  let app: TestApp;
  let admin: string;
  let creator: TestUser;
  let moderator: TestUser;
  let learner: TestUser;
  let otherLearner: TestUser;
  let courseId: string;
  let orderId: string;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    admin = await app.adminToken();
    creator = await app.user('creator', ['creator']);
    moderator = await app.user('moderator', ['moderator']);
    learner = await app.user('learner');
    otherLearner = await app.user('other-learner');
  });
  afterAll(async () => {
    await app.close();
  });

  it('1. a creator drafts a course that nobody else can see', async () => {
    const created = await app.request('POST', '/api/v1/contents', {
      token: creator.token,
      body: sampleContent({ title: '机器学习实战', tags: ['ml'] }),
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    courseId = created.body.id;

    expect((await app.request('GET', `/api/v1/contents/${courseId}`, { token: learner.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/contents/${courseId}`)).status).toBe(404);
    const list = await app.request('GET', '/api/v1/contents');
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(courseId);
    // Only the creator can submit it, and a creator cannot approve their own work.
    expect((await app.request('POST', `/api/v1/contents/${courseId}/submit`, { token: learner.token })).status).toBe(403);
  });

  it('2. the creator submits, a moderator approves, and it is published for everyone', async () => {
    expect((await app.request('POST', `/api/v1/contents/${courseId}/submit`, { token: creator.token })).body.status).toBe('in_review');
    const selfApproval = await app.request('POST', `/api/v1/admin/contents/${courseId}/approve`, { token: creator.token });
    expect(selfApproval.status).toBe(403);
    const approved = await app.request('POST', `/api/v1/admin/contents/${courseId}/approve`, { token: moderator.token });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('published');

    const list = await app.request('GET', '/api/v1/contents?q=机器学习');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(courseId);
  });

  it('3. before paying, the learner sees the summary and preview lessons only', async () => {
    const detail = await app.request('GET', `/api/v1/contents/${courseId}`, { token: learner.token });
    expect(detail.status).toBe(200);
    expect(detail.body.access).toBe('preview');
    const [preview, paid] = detail.body.lessons;
    expect(preview.body).toBe('What this course covers.');
    expect(paid.title).toBe('Backpropagation');
    expect(paid.body ?? null).toBeNull();
    expect(JSON.stringify(detail.body)).not.toContain('The chain rule');
  });

  it('4. the learner orders and pays through the signed sandbox webhook, then reads everything', async () => {
    const order = await placeOrder(app, learner, [courseId], randomUUID());
    expect(order.status).toBe(201);
    expect(order.body.status).toBe('pending');
    orderId = order.body.id;
    expect((await app.request('GET', `/api/v1/contents/${courseId}`, { token: learner.token })).body.access).toBe('preview');

    const paid = await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents });
    expect(paid.status).toBe(200);

    const detail = await app.request('GET', `/api/v1/contents/${courseId}`, { token: learner.token });
    expect(detail.body.access).toBe('full');
    expect(detail.body.lessons[1].body).toBe('The chain rule, applied carefully.');
    expect((await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: learner.token })).body.status).toBe('paid');
    const entitlements = await app.request('GET', '/api/v1/me/entitlements', { token: learner.token });
    expect(entitlements.body.items.map((e: { contentId: string }) => e.contentId)).toEqual([courseId]);

    // Another learner neither sees the order nor the paid lessons.
    expect((await app.request('GET', `/api/v1/me/orders/${orderId}`, { token: otherLearner.token })).status).toBe(404);
    expect((await app.request('GET', `/api/v1/contents/${courseId}`, { token: otherLearner.token })).body.access).toBe('preview');
  });

  it('5. the ledger balances: payment = platform fee + creator payable', async () => {
    const balance = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: admin });
    expect(balance.body).toMatchObject({ balanced: true, totalCents: 0 });
    const accounts = Object.fromEntries(balance.body.accounts.map((a: { account: string; balanceCents: number }) => [a.account, a.balanceCents]));
    expect(accounts).toEqual({
      'assets:psp-clearing:sandbox': 9900,
      'revenue:platform-fees': -1980,
      [`liabilities:creator-payable:${creator.id}`]: -7920,
    });
  });

  it('6. the worker turns co-purchases into recommendations the learner does not own', async () => {
    const companionId = await publishContent(app, creator, moderator.token, { title: '强化学习', tags: ['ml'] });
    const popularOnlyId = await publishContent(app, creator, moderator.token, { title: '数据结构' });
    // Two other learners buy the course together with its companion.
    for (const name of ['co-buyer-1', 'co-buyer-2']) {
      const buyer = await app.user(name);
      const order = await placeOrder(app, buyer, [courseId, companionId]);
      expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
    }
    const rebuild = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: admin });
    expect(rebuild.status).toBe(202);

    const recommendations = await eventually(async () => {
      const response = await app.request('GET', '/api/v1/me/recommendations', { token: learner.token });
      const items = response.body.items as { contentId: string; reasons: { kind: string; withContentId?: string }[] }[];
      return items.some((item) => item.contentId === companionId && item.reasons.some((reason) => reason.kind === 'co-purchase')) ? items : undefined;
    }, 20_000, 'bought-together recommendation');
    expect(recommendations[0]).toMatchObject({
      contentId: companionId,
      reasons: expect.arrayContaining([expect.objectContaining({ kind: 'co-purchase', withContentId: courseId, learners: 2 })]),
    });
    expect(recommendations.map((item) => item.contentId)).not.toContain(courseId);
    expect(recommendations.map((item) => item.contentId)).toContain(popularOnlyId);
  });

  it('7. every step is in the hash-chained audit log, and the chain verifies', async () => {
    const trail = await eventually(async () => {
      const response = await app.request('GET', `/api/v1/admin/audit?streamId=order-${orderId}`, { token: admin });
      const types = (response.body.items as { eventType: string }[]).map((item) => item.eventType);
      return types.includes('commerce.order-paid') ? response.body.items : undefined;
    }, 20_000, 'order events in the audit log');
    expect(trail.map((item: { eventType: string }) => item.eventType).sort()).toEqual(['commerce.order-paid', 'commerce.order-placed']);
    expect(trail.find((item: { eventType: string }) => item.eventType === 'commerce.order-placed').actorId).toBe(learner.id);

    const contentTrail = await app.request('GET', `/api/v1/admin/audit?streamId=content-${courseId}`, { token: admin });
    const approval = contentTrail.body.items.find((item: { eventType: string }) => item.eventType === 'catalog.content-approved');
    expect(approval.actorId).toBe(moderator.id);
    const moderatorActions = await eventually(async () => {
      const response = await app.request('GET', `/api/v1/admin/audit?actorId=${moderator.id}`, { token: admin });
      const items = response.body.items as { eventType: string; payload: { route?: string } }[];
      return items.some((item) => item.eventType === 'audit.admin-action-performed') ? items : undefined;
    }, 20_000, 'admin action in the audit log');
    expect(moderatorActions.map((item) => item.payload.route)).toContain('/api/v1/admin/contents/:id/approve');

    const verify = await app.request('GET', '/api/v1/admin/audit/verify', { token: admin });
    expect(verify.body).toMatchObject({ valid: true, firstBrokenLink: null });
    expect(verify.body.entriesChecked).toBeGreaterThan(10);
  });
});
