import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

/**
 * Taking an item off the catalogue: its creator unpublishes (and republishes) it, a moderator hides
 * it with a reason. Either way it leaves lists, search, recommendations and sale, while whoever
 * bought it keeps it: in their learning, its lessons open (README, "Unpublishing and hiding").
 */
describe('catalog: unpublishing and hiding an item; buyers keep what they paid for', () => {
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let moderator: TestUser;
  let buyer: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    [creator, otherCreator, moderator, buyer, stranger] = await Promise.all([
      app.user('creator', ['creator']),
      app.user('other-creator', ['creator']),
      app.user('moderator', ['moderator']),
      app.user('buyer'),
      app.user('stranger'),
    ]);
  });
  afterAll(async () => {
    await app.close();
  });

  const lessons = [
    { title: '试读', body: '人人可读', preview: true },
    { title: '正文', body: '只给买了的人', preview: false },
  ];
  const ids = (page: HttpResponse): string[] => page.body.items.map((item: { id: string }) => item.id);
  const listed = async () => ids(await app.request('GET', '/api/v1/contents?limit=100'));
  const searched = async (text: string) => ids(await app.request('GET', `/api/v1/search?q=${encodeURIComponent(text)}`));
  const recommended = async (viewer: TestUser) =>
    ((await app.request('GET', '/api/v1/me/recommendations?limit=50', { token: viewer.token })).body.items as { contentId: string }[]).map(
      (item) => item.contentId,
    );
  const learning = async (learner: TestUser) =>
    ((await app.request('GET', '/api/v1/me/learning', { token: learner.token })).body.items as { contentId: string }[]).map((item) => item.contentId);
  async function buy(learner: TestUser, contentId: string, amountCents: number): Promise<void> {
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.status).toBe(201);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents })).status).toBe(200);
  }

  it('unpublished by its creator: gone from lists, search, recommendations and sale; its buyer keeps learning it; republished, all back', async () => {
    const title = '量子计算冷门导论';
    const item = await publishContent(app, creator, moderator.token, { kind: 'article', title, priceCents: 5000, lessons });
    await buy(buyer, item, 5000);
    expect(await listed()).toContain(item);
    expect(await searched('量子计算')).toContain(item);
    await eventually(async () => (await recommended(stranger)).includes(item), 30_000, 'the item among recommendations');
    expect((await app.request('GET', `/api/v1/contents/${item}/similar`)).status).toBe(200);

    // Only its creator may take it off; the others are told it does not exist, or may not at all.
    expect((await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: otherCreator.token })).body.code).toBe('CATALOG.CONTENT_NOT_FOUND');
    expect((await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: buyer.token })).status).toBe(403);
    expect((await app.request('POST', `/api/v1/contents/${item}/unpublish`)).status).toBe(401);
    const unpublished = await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: creator.token });
    expect(unpublished.status).toBe(200);
    expect(unpublished.body.status).toBe('unpublished');
    const again = await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: creator.token });
    expect([again.status, again.body.code]).toEqual([409, 'CATALOG.CONTENT_NOT_PUBLISHED']);

    // Off the catalogue for everyone who does not hold it.
    expect(await listed()).not.toContain(item);
    expect(await searched('量子计算')).not.toContain(item);
    expect((await app.request('GET', `/api/v1/contents/${item}`)).status).toBe(404);
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: stranger.token })).status).toBe(404);
    const order = await placeOrder(app, stranger, [item]);
    expect([order.status, order.body.code]).toEqual([422, 'COMMERCE.CONTENT_NOT_FOR_SALE']);
    // Recommendation hears of it through the relay, never from catalog's tables.
    await eventually(async () => !(await recommended(stranger)).includes(item), 30_000, 'the item gone from recommendations');
    await eventually(async () => (await app.request('GET', `/api/v1/contents/${item}/similar`)).status === 404, 30_000, 'similar items of it gone');

    // Its buyer keeps it: in their learning, every lesson open, progress kept.
    expect(await learning(buyer)).toEqual([item]);
    const held = await app.request('GET', `/api/v1/contents/${item}`, { token: buyer.token });
    expect(held.status).toBe(200);
    expect(held.body.access).toBe('full');
    expect(held.body.lessons.map((lesson: { body: string | null }) => lesson.body)).toEqual(['人人可读', '只给买了的人']);
    const progress = await app.request('POST', `/api/v1/me/learning/${item}/lessons/${held.body.lessons[1].lessonId}/progress`, {
      token: buyer.token,
      body: { positionSeconds: 30 },
    });
    expect(progress.status).toBe(200);
    // Someone who never bought it cannot study it either.
    const notHeld = await app.request('POST', `/api/v1/me/learning/${item}/lessons/${held.body.lessons[1].lessonId}/progress`, {
      token: stranger.token,
      body: { positionSeconds: 30 },
    });
    expect(notHeld.status).toBe(404);

    // Republished: listed, found, for sale and recommended again.
    expect((await app.request('POST', `/api/v1/contents/${item}/republish`, { token: otherCreator.token })).status).toBe(404);
    const republished = await app.request('POST', `/api/v1/contents/${item}/republish`, { token: creator.token });
    expect([republished.status, republished.body.status]).toEqual([200, 'published']);
    const twice = await app.request('POST', `/api/v1/contents/${item}/republish`, { token: creator.token });
    expect([twice.status, twice.body.code]).toEqual([409, 'CATALOG.CONTENT_NOT_UNPUBLISHED']);
    expect(await listed()).toContain(item);
    expect(await searched('量子计算')).toContain(item);
    expect((await placeOrder(app, stranger, [item])).status).toBe(201);
    await eventually(async () => (await recommended(stranger)).includes(item), 30_000, 'the item back among recommendations');
  });

  it('hidden by a moderator with a reason: off the catalogue, audited, the creator cannot put it back; its buyer keeps it', async () => {
    const item = await publishContent(app, creator, moderator.token, { kind: 'article', title: '可疑的速成课', priceCents: 3000, lessons });
    await buy(buyer, item, 3000);
    const hide = (token: string | undefined, body: unknown = { reason: '抄袭他人课程' }) =>
      app.request('POST', `/api/v1/admin/contents/${item}/hide`, { token, body });

    expect((await hide(creator.token)).status).toBe(403);
    expect((await hide(buyer.token)).status).toBe(403);
    expect((await hide(moderator.token, { reason: '   ' })).status).toBe(400);
    expect((await hide(moderator.token, {})).status).toBe(400);
    expect(await listed()).toContain(item);

    const hidden = await hide(moderator.token);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ status: 'hidden', hiddenReason: '抄袭他人课程' });
    expect((await hide(moderator.token)).body.code).toBe('CATALOG.CONTENT_NOT_PUBLISHED');

    expect(await listed()).not.toContain(item);
    expect(await searched('速成课')).not.toContain(item);
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: stranger.token })).status).toBe(404);
    expect((await placeOrder(app, stranger, [item])).body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');
    await eventually(async () => (await app.request('GET', `/api/v1/contents/${item}/similar`)).status === 404, 30_000, 'similar items of it gone');

    // Its creator sees why, and cannot republish or unpublish it.
    const own = await app.request('GET', `/api/v1/contents/${item}`, { token: creator.token });
    expect(own.body).toMatchObject({ status: 'hidden', hiddenReason: '抄袭他人课程' });
    expect((await app.request('POST', `/api/v1/contents/${item}/republish`, { token: creator.token })).body.code).toBe('CATALOG.CONTENT_HIDDEN');
    expect((await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: creator.token })).body.code).toBe('CATALOG.CONTENT_HIDDEN');

    // Its buyer keeps it, but is not shown the moderator's reason.
    expect(await learning(buyer)).toContain(item);
    const held = await app.request('GET', `/api/v1/contents/${item}`, { token: buyer.token });
    expect(held.status).toBe(200);
    expect(held.body.lessons[1].body).toBe('只给买了的人');
    expect(held.body.hiddenReason).toBeNull();

    // The decision is an event with its moderator and reason, and so in the audit trail.
    const audited = await eventually(async () => {
      const rows = await app.sql(`SELECT actor_id, payload FROM audit_log WHERE event_type = 'catalog.content-hidden' AND payload->>'contentId' = $1`, [item]);
      return rows.length > 0 && rows;
    }, 30_000, 'the hiding in the audit log');
    expect(audited).toEqual([{ actor_id: moderator.id, payload: expect.objectContaining({ reason: '抄袭他人课程', moderatorId: moderator.id }) }]);
  });

  it('restored by a moderator with a reason: back where it stood before the hiding, everywhere it had left; audited; refusals typed', async () => {
    const title = '申诉成功的摄影课';
    const item = await publishContent(app, creator, moderator.token, { kind: 'article', title, priceCents: 4000, lessons });
    const admin = await app.user('unhiding-admin', ['admin']);
    const unhide = (token: string | undefined, id = item, body: unknown = { reason: '申诉成立：已取得授权' }) =>
      app.request('POST', `/api/v1/admin/contents/${id}/unhide`, { token, body });
    // Not hidden: nothing to restore.
    const notHidden = await unhide(moderator.token);
    expect([notHidden.status, notHidden.body.code]).toEqual([409, 'CATALOG.CONTENT_NOT_HIDDEN']);
    await eventually(async () => (await recommended(stranger)).includes(item), 30_000, 'the item among recommendations');
    expect((await app.request('POST', `/api/v1/admin/contents/${item}/hide`, { token: moderator.token, body: { reason: '疑似侵权' } })).status).toBe(200);
    expect(await listed()).not.toContain(item);
    await eventually(async () => !(await recommended(stranger)).includes(item), 30_000, 'the hidden item gone from recommendations');

    // Only staff, never on their own item, always with a reason; an unknown item is a 404.
    expect((await unhide(creator.token)).status).toBe(403);
    expect((await unhide(buyer.token)).status).toBe(403);
    expect((await unhide(undefined)).status).toBe(401);
    expect((await unhide(moderator.token, item, { reason: ' ' })).status).toBe(400);
    expect((await unhide(moderator.token, item, {})).status).toBe(400);
    expect((await unhide(moderator.token, randomUUID())).body.code).toBe('CATALOG.CONTENT_NOT_FOUND');
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: creator.token })).body.status).toBe('hidden');

    // Thirty moderators' clicks at once restore it once: one answer 200, the others a typed 409, one event.
    const clicks = await Promise.all(Array.from({ length: 30 }, (_, index) => unhide(index % 2 === 0 ? moderator.token : admin.token)));
    expect(clicks.filter((click) => click.status === 200)).toHaveLength(1);
    for (const click of clicks.filter((candidate) => candidate.status !== 200)) {
      expect(click.status).toBe(409);
      expect(['CATALOG.CONTENT_NOT_HIDDEN', 'EVENT_STORE.VERSION_CONFLICT']).toContain(click.body.code);
    }
    expect(clicks.find((click) => click.status === 200)!.body).toMatchObject({ status: 'published', hiddenReason: null });
    expect(await app.sql(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'catalog.content-unhidden'`, [`content-${item}`])).toHaveLength(1);

    // Back everywhere it had left: lists, search, sale, recommendations, similar items; its creator may take it off again.
    expect(await listed()).toContain(item);
    expect(await searched('摄影课')).toContain(item);
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: stranger.token })).status).toBe(200);
    expect((await placeOrder(app, stranger, [item])).status).toBe(201);
    await eventually(async () => (await recommended(stranger)).includes(item), 30_000, 'the restored item back among recommendations');
    await eventually(async () => (await app.request('GET', `/api/v1/contents/${item}/similar`)).status === 200, 30_000, 'similar items of it back');
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: creator.token })).body.hiddenReason).toBeNull();

    // The decision, its moderator and reason, in the audit trail.
    const audited = await eventually(async () => {
      const rows = await app.sql(`SELECT actor_id, payload FROM audit_log WHERE event_type = 'catalog.content-unhidden' AND payload->>'contentId' = $1`, [item]);
      return rows.length > 0 && rows;
    }, 30_000, 'the restoration in the audit log');
    expect(audited).toHaveLength(1);
    expect(audited[0].payload).toMatchObject({ reason: '申诉成立：已取得授权', status: 'published' });
    expect([moderator.id, admin.id]).toContain(audited[0].actor_id);
    expect((await unhide(moderator.token)).body.code).toBe('CATALOG.CONTENT_NOT_HIDDEN');
    expect((await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: creator.token })).status).toBe(200);
  });

  it('restores an item its creator had unpublished before the hiding as unpublished: still off the catalogue until they republish it', async () => {
    const title = '下架后又被隐藏的冷门课';
    const item = await publishContent(app, creator, moderator.token, { kind: 'article', title, priceCents: 2500, lessons });
    await buy(buyer, item, 2500);
    expect((await app.request('POST', `/api/v1/contents/${item}/unpublish`, { token: creator.token })).status).toBe(200);
    expect((await app.request('POST', `/api/v1/admin/contents/${item}/hide`, { token: moderator.token, body: { reason: '内容过时' } })).status).toBe(200);
    const restored = await app.request('POST', `/api/v1/admin/contents/${item}/unhide`, { token: moderator.token, body: { reason: '已更新' } });
    expect([restored.status, restored.body.status, restored.body.hiddenReason]).toEqual([200, 'unpublished', null]);

    // Still off: not listed, found, sold or shown to strangers; its buyer keeps it.
    expect(await listed()).not.toContain(item);
    expect(await searched('冷门课')).not.toContain(item);
    expect((await app.request('GET', `/api/v1/contents/${item}`, { token: stranger.token })).status).toBe(404);
    expect((await placeOrder(app, stranger, [item])).body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');
    expect(await learning(buyer)).toContain(item);
    // Recommendation heard of the restoration through its relay (its unlisting mark moved to that event) and kept it out.
    const [{ position }] = await app.sql(`SELECT global_position::int AS position FROM events WHERE stream_id = $1 AND type = 'catalog.content-unhidden'`, [`content-${item}`]);
    await eventually(async () => {
      const [row] = await app.sql(`SELECT source_position::int AS position FROM rec_unlisted_items WHERE content_id = $1`, [item]);
      return row?.position === position;
    }, 30_000, 'the restoration relayed to recommendation');
    expect(await app.sql(`SELECT 1 FROM rec_items WHERE content_id = $1`, [item])).toEqual([]);
    expect((await app.request('GET', `/api/v1/contents/${item}/similar`)).status).toBe(404);

    // Its creator may put it back now, as before the hiding.
    expect((await app.request('POST', `/api/v1/contents/${item}/republish`, { token: creator.token })).status).toBe(200);
    expect(await listed()).toContain(item);
    expect(await searched('冷门课')).toContain(item);
    expect((await placeOrder(app, stranger, [item])).status).toBe(201);
  });

  it("keeps a column open to its own subscribers, not to members of its creator's whole catalogue; takes no new plan for it", async () => {
    const column = await publishContent(app, creator, moderator.token, { kind: 'column', title: '周刊', priceCents: 2000, lessons });
    const plan = async (body: object) => {
      const created = await app.request('POST', '/api/v1/plans', {
        token: creator.token,
        body: { name: '月卡', priceCents: 990, currency: 'CNY', periodUnit: 'month', ...body },
        headers: { 'idempotency-key': randomUUID() },
      });
      return created;
    };
    const subscribeAndPay = async (member: TestUser, planId: string) => {
      const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId } })).body;
      expect((await deliverWebhook(app, { paymentId: subscription.openPayment.paymentId, amountCents: 990 })).status).toBe(200);
    };
    const [columnMember, catalogueMember] = await Promise.all([app.user('column-member'), app.user('catalogue-member')]);
    await subscribeAndPay(columnMember, (await plan({ appliesTo: 'content', contentId: column })).body.planId);
    await subscribeAndPay(catalogueMember, (await plan({ appliesTo: 'creator' })).body.planId);
    const access = async (member: TestUser) => {
      const detail = await app.request('GET', `/api/v1/contents/${column}`, { token: member.token });
      return detail.status === 200 ? (detail.body.access as string) : detail.status;
    };
    expect([await access(columnMember), await access(catalogueMember)]).toEqual(['full', 'full']);

    expect((await app.request('POST', `/api/v1/contents/${column}/unpublish`, { token: creator.token })).status).toBe(200);
    // Subscribed to this very column: as good as bought. A member of the catalogue: it is no longer in it.
    expect(await access(columnMember)).toBe('full');
    expect(await learning(columnMember)).toContain(column);
    expect(await access(catalogueMember)).toBe(404);
    expect(await learning(catalogueMember)).not.toContain(column);
    expect((await plan({ appliesTo: 'content', contentId: column })).body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');
  });

  it('never lets a moderator hide or restore their own item (four eyes)', async () => {
    const both = await app.user('creator-moderator', ['creator', 'moderator']);
    const item = await publishContent(app, both, moderator.token, { kind: 'article', priceCents: 100, lessons });
    const own = await app.request('POST', `/api/v1/admin/contents/${item}/hide`, { token: both.token, body: { reason: '自己的' } });
    expect([own.status, own.body.code]).toEqual([403, 'CATALOG.CANNOT_MODERATE_OWN_CONTENT']);
    expect(await listed()).toContain(item);
    expect((await app.request('POST', `/api/v1/admin/contents/${item}/hide`, { token: moderator.token, body: { reason: '别人隐藏的' } })).status).toBe(200);
    const restore = await app.request('POST', `/api/v1/admin/contents/${item}/unhide`, { token: both.token, body: { reason: '我自己恢复' } });
    expect([restore.status, restore.body.code]).toEqual([403, 'CATALOG.CANNOT_MODERATE_OWN_CONTENT']);
    expect(await listed()).not.toContain(item);
  });
});
