import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import { SocialColumnBuyers1764830000000 } from '#social';
import { NotificationsProcessor } from '../libs/social/src/jobs/notifications.processor.js';
import { deliverWebhook, placeOrder, publishContent, refundOrder } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

describe('following creators and columns, and the inbox their publications fill', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let financeToken: string;
  beforeAll(async () => {
    // Batches of 3 followers: a fan-out to 7 followers takes three batches.
    app = await TestApp.start({ worker: true, env: { SOCIAL_FAN_OUT_BATCH_SIZE: '3' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    financeToken = (await app.user('finance', ['finance'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const follow = (user: TestUser, path: string) => app.request('PUT', `/api/v1/me/follows/${path}`, { token: user.token });
  const unfollow = (user: TestUser, path: string) => app.request('DELETE', `/api/v1/me/follows/${path}`, { token: user.token });
  const count = async (path: string) => (await app.request('GET', `/api/v1/${path}/followers`)).body.followerCount as number;
  const inbox = (user: TestUser, query = '') => app.request('GET', `/api/v1/me/notifications${query}`, { token: user.token });

  it('follows idempotently: 30 parallel follows make one follow and 30 successes, and the public count says 1', async () => {
    const fan = await app.user('fan');
    const results = await Promise.all(Array.from({ length: 30 }, () => follow(fan, `creators/${creator.id}`)));
    expect(results.map((result) => result.status)).toEqual(Array(30).fill(204));
    expect(await count(`creators/${creator.id}`)).toBe(1);
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'social.followed' AND data->>'followerId' = $1`, [fan.id])).toEqual([{ n: 1 }]);

    const mine = await app.request('GET', '/api/v1/me/follows', { token: fan.token });
    expect(mine.body).toEqual({ items: [{ targetType: 'creator', targetId: creator.id, followedAt: expect.any(String) }], nextCursor: null });

    const leaving = await Promise.all(Array.from({ length: 10 }, () => unfollow(fan, `creators/${creator.id}`)));
    expect(leaving.map((result) => result.status)).toEqual(Array(10).fill(204));
    expect(await count(`creators/${creator.id}`)).toBe(0);
    expect((await unfollow(fan, `creators/${creator.id}`)).status).toBe(204);
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'social.unfollowed' AND data->>'followerId' = $1`, [fan.id])).toEqual([{ n: 1 }]);
    expect((await app.request('GET', '/api/v1/me/follows', { token: fan.token })).body.items).toEqual([]);
  });

  it('follows only what exists: a creator (not any user), a published column (not a course); never oneself', async () => {
    const fan = await app.user('picky');
    const plainUser = await app.user('plain');
    const refusals = [
      await follow(fan, `creators/${plainUser.id}`),
      await follow(fan, `creators/${randomUUID()}`),
      await follow(fan, `columns/${randomUUID()}`),
      await follow(fan, `columns/${await publishContent(app, creator, moderatorToken, { kind: 'course' })}`),
    ];
    for (const refused of refusals) expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'SOCIAL.FOLLOW_TARGET_NOT_FOUND' });

    const column = await publishContent(app, creator, moderatorToken, { kind: 'column', title: '每周一问' });
    const self = await follow(creator, `creators/${creator.id}`);
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 422, code: 'SOCIAL.CANNOT_FOLLOW_SELF' });
    expect((await follow(creator, `columns/${column}`)).body.code).toBe('SOCIAL.CANNOT_FOLLOW_SELF');
    expect((await follow(fan, `columns/${column}`)).status).toBe(204);
    expect(await count(`columns/${column}`)).toBe(1);

    expect((await follow(fan, 'creators/not-a-uuid')).status).toBe(400);
    expect((await app.request('PUT', `/api/v1/me/follows/creators/${creator.id}`)).status).toBe(401);
    expect(await app.sql(`SELECT target_type, target_id FROM social_follows WHERE follower_id = $1`, [fan.id])).toEqual([{ target_type: 'column', target_id: column }]);
  });

  it("tells each follower of a creator's new item once, in batches, with title, creator and link only, plus a mail", async () => {
    const publisher = await app.user('publisher', ['creator']);
    const followers = await Promise.all(Array.from({ length: 7 }, (_, i) => app.user(`follower${i}`)));
    const bystander = await app.user('bystander');
    for (const follower of followers) expect((await follow(follower, `creators/${publisher.id}`)).status).toBe(204);

    const secret = 'SECRET-LESSON-BODY-never-in-a-notification';
    const contentId = await publishContent(app, publisher, moderatorToken, {
      kind: 'course',
      title: 'Python数据分析实战',
      lessons: [{ title: '第一讲', body: secret, preview: false }],
    });
    for (const follower of followers) {
      const page = await eventually(async () => {
        const response = await inbox(follower);
        return response.body.items.length > 0 ? response.body : null;
      });
      expect(page).toEqual({
        items: [
          {
            id: expect.any(String),
            kind: 'course',
            itemId: contentId,
            title: 'Python数据分析实战',
            creatorId: publisher.id,
            creatorName: 'publisher',
            link: `/contents/${contentId}`,
            createdAt: expect.any(String),
            read: false,
          },
        ],
        nextCursor: null,
        unreadCount: 1,
      });
      expect(JSON.stringify(page)).not.toContain(secret);
      const mail = await app.mailTo(follower.email, /publisher published/);
      expect(mail.body).toContain(`http://localhost:3000/contents/${contentId}`);
      expect(mail.body).not.toContain(secret);
    }
    expect((await inbox(bystander)).body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });

    // The fan-out job again (a retry, a replayed relay): nothing is delivered twice.
    const [approved] = await app.sql(`SELECT global_position FROM events WHERE type = 'catalog.content-approved' AND data->>'contentId' = $1`, [contentId]);
    const fanOuts = await app.sql(`SELECT count(*)::int AS n FROM social_notifications WHERE item_id = $1`, [contentId]);
    expect(fanOuts).toEqual([{ n: 7 }]);
    const [event] = await app.sql(`SELECT type, data FROM events WHERE global_position = $1`, [approved.global_position]);
    const rerun = await app.worker!.get(NotificationsProcessor).process({
      name: 'fan-out',
      data: { ...event, createdAt: new Date().toISOString() },
      updateProgress: async () => undefined,
    } as never);
    expect(rerun).toEqual({ followers: 7, notified: 0, mailed: 0 });
    expect(await app.sql(`SELECT count(*)::int AS n FROM social_notifications WHERE item_id = $1`, [contentId])).toEqual([{ n: 7 }]);
    expect(await app.sql(`SELECT count(*)::int AS n FROM mail_outbox WHERE subject ~ 'publisher published'`)).toEqual([{ n: 7 }]);
  });

  it('marks one notification or all read, pages the inbox, and never lets another user touch it', async () => {
    const prolific = await app.user('prolific', ['creator']);
    const reader = await app.user('reader');
    const other = await app.user('other');
    await follow(reader, `creators/${prolific.id}`);
    for (let i = 0; i < 3; i++) await publishContent(app, prolific, moderatorToken, { title: `第${i}篇`, kind: 'article' });
    const all = await eventually(async () => {
      const response = await inbox(reader);
      return response.body.items.length === 3 ? response.body : null;
    });
    expect(all.unreadCount).toBe(3);

    const first = await inbox(reader, '?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await inbox(reader, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null, unreadCount: 3 });
    expect([...first.body.items, ...second.body.items].map((item) => item.id).sort()).toEqual(all.items.map((item: { id: string }) => item.id).sort());
    expect((await inbox(reader, '?cursor=forged!')).status).toBe(400);

    const target = all.items[0].id as string;
    const stolen = await app.request('POST', `/api/v1/me/notifications/${target}/read`, { token: other.token });
    expect({ status: stolen.status, code: stolen.body.code }).toEqual({ status: 404, code: 'SOCIAL.NOTIFICATION_NOT_FOUND' });
    expect((await app.request('POST', `/api/v1/me/notifications/read`, { token: other.token })).status).toBe(204);
    expect((await inbox(reader)).body.unreadCount).toBe(3);

    expect((await app.request('POST', `/api/v1/me/notifications/${target}/read`, { token: reader.token })).status).toBe(204);
    expect((await app.request('POST', `/api/v1/me/notifications/${target}/read`, { token: reader.token })).status).toBe(204);
    const afterOne = (await inbox(reader)).body;
    expect(afterOne.unreadCount).toBe(2);
    expect(afterOne.items.find((item: { id: string }) => item.id === target).read).toBe(true);
    expect((await app.request('POST', `/api/v1/me/notifications/read`, { token: reader.token })).status).toBe(204);
    expect((await inbox(reader)).body.unreadCount).toBe(0);
    expect((await app.request('GET', '/api/v1/me/notifications')).status).toBe(401);
  });

  describe("a column's new instalment", () => {
    const buy = async (buyer: TestUser, contentId: string) => {
      const order = await placeOrder(app, buyer, [contentId]);
      expect(order.status).toBe(201);
      expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 2000 })).status).toBe(200);
      return order.body as { id: string; payment: { id: string } };
    };
    const lessonsOf = async (contentId: string) =>
      (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons as { lessonId: string; title: string; body: string }[];
    /** The creator adds lessons at the column's end (and may edit the first), a moderator approves: what a new instalment is. */
    const publishRevision = async (contentId: string, lessons: object[]) => {
      const live = await lessonsOf(contentId);
      const body = { title: '每周一问', summary: '每周一期', priceCents: 2000, currency: 'CNY', tags: [], lessons: [...live.map(({ lessonId, title, body }) => ({ lessonId, title, body, preview: false })), ...lessons] };
      expect((await app.request('PUT', `/api/v1/contents/${contentId}`, { token: creator.token, body })).status).toBe(200);
      expect((await app.request('POST', `/api/v1/contents/${contentId}/submit`, { token: creator.token })).status).toBe(200);
      expect((await app.request('POST', `/api/v1/admin/contents/${contentId}/approve`, { token: moderatorToken })).status).toBe(200);
    };
    const instalmentsIn = async (user: TestUser) =>
      ((await inbox(user)).body.items as { kind: string }[]).filter((item) => item.kind === 'instalment');

    it("tells the column's followers and buyers once each, never a refunded buyer nor the creator's followers, with no lesson body", async () => {
      const contentId = await publishContent(app, creator, moderatorToken, {
        kind: 'column',
        title: '每周一问',
        priceCents: 2000,
        lessons: [{ title: '第一期', body: '第一期正文', preview: false }],
      });
      const [follower, buyer, buyerAndFollower, refunded, partlyRefunded, creatorFan, stranger] = await Promise.all(
        ['col-follower', 'col-buyer', 'col-both', 'col-refunded', 'col-partly', 'col-creator-fan', 'col-stranger'].map((name) => app.user(name)),
      );
      expect((await follow(follower, `columns/${contentId}`)).status).toBe(204);
      expect((await follow(buyerAndFollower, `columns/${contentId}`)).status).toBe(204);
      expect((await follow(creatorFan, `creators/${creator.id}`)).status).toBe(204);
      await buy(buyer, contentId);
      await buy(buyerAndFollower, contentId);
      await refundOrder(app, refunded, financeToken, await buy(refunded, contentId), 2000);
      await refundOrder(app, partlyRefunded, financeToken, await buy(partlyRefunded, contentId), 500, true);

      const secret = 'SECRET-INSTALMENT-BODY';
      await publishRevision(contentId, [{ title: '第二期', body: secret, preview: false }]);
      const instalmentId = (await lessonsOf(contentId))[1]!.lessonId;

      const expected = {
        id: expect.any(String),
        kind: 'instalment',
        itemId: instalmentId,
        title: '每周一问 · 第二期',
        creatorId: creator.id,
        creatorName: 'creator',
        link: `/contents/${contentId}/lessons/${instalmentId}`,
        createdAt: expect.any(String),
        read: false,
      };
      for (const recipient of [follower, buyer, buyerAndFollower, partlyRefunded]) {
        const told = await eventually(async () => {
          const items = await instalmentsIn(recipient);
          return items.length > 0 ? items : null;
        });
        expect(told).toEqual([expected]);
        expect(JSON.stringify(told)).not.toContain(secret);
      }
      const mail = await app.mailTo(buyer.email, /creator published: 每周一问 · 第二期/);
      expect(mail.body).toContain(`http://localhost:3000/contents/${contentId}/lessons/${instalmentId}`);
      expect(mail.body).not.toContain(secret);
      // The job ran to its end (the four above were told), so the others were passed over, not yet to come.
      for (const passedOver of [refunded, creatorFan, stranger]) expect(await instalmentsIn(passedOver)).toEqual([]);
      expect(await app.sql(`SELECT count(*)::int AS n FROM social_notifications WHERE item_id = $1`, [instalmentId])).toEqual([{ n: 4 }]);

      // The same event again (a retried job): nobody is told twice, nobody mailed twice.
      const [event] = await app.sql(`SELECT type, data FROM events WHERE type = 'catalog.instalment-published' AND data->>'lessonId' = $1`, [instalmentId]);
      const rerun = await app.worker!.get(NotificationsProcessor).process({
        name: 'fan-out',
        data: { ...event, createdAt: new Date().toISOString() },
        updateProgress: async () => undefined,
      } as never);
      expect(rerun).toEqual({ followers: 4, notified: 0, mailed: 0 });

      // A revision that only corrects a published lesson is no instalment: nobody hears of it.
      await publishRevision(contentId, []);
      expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'catalog.instalment-published' AND data->>'contentId' = $1`, [contentId])).toEqual([
        { n: 1 },
      ]);
    });

    it('tells nobody who muted the column or its creator, follower or buyer, until they unmute; a rerun still tells nobody twice', async () => {
      const contentId = await publishContent(app, creator, moderatorToken, {
        kind: 'column',
        title: '每周一问',
        priceCents: 2000,
        lessons: [{ title: '第一期', body: '第一期正文', preview: false }],
      });
      const [mutedFollower, mutedBuyer, creatorMuter, told] = await Promise.all(['mute-follower', 'mute-buyer', 'mute-creator', 'mute-control'].map((name) => app.user(name)));
      expect((await follow(mutedFollower, `columns/${contentId}`)).status).toBe(204);
      await buy(mutedBuyer, contentId);
      await buy(creatorMuter, contentId);
      await buy(told, contentId);
      const mute = (user: TestUser | null, path: string, method = 'PUT') => app.request(method, `/api/v1/me/mutes/${path}`, { token: user?.token });
      expect((await mute(mutedFollower, `columns/${contentId}`)).status).toBe(204);
      expect((await mute(mutedBuyer, `columns/${contentId}`)).status).toBe(204);
      expect((await mute(mutedBuyer, `columns/${contentId}`)).status).toBe(204); // again: no change
      expect((await mute(creatorMuter, `creators/${creator.id}`)).status).toBe(204);
      // Nothing to mute, or nobody signed in: refused, nothing recorded.
      const missing = await mute(told, `columns/${randomUUID()}`);
      expect([missing.status, missing.body.code]).toEqual([404, 'SOCIAL.MUTE_TARGET_NOT_FOUND']);
      expect((await mute(told, `creators/${told.id}`)).body.code).toBe('SOCIAL.MUTE_TARGET_NOT_FOUND');
      expect((await mute(null, `columns/${contentId}`)).status).toBe(401);
      expect((await mute(told, 'columns/not-a-uuid')).status).toBe(400);
      expect(await app.sql(`SELECT count(*)::int AS n FROM social_mutes WHERE user_id = $1`, [told.id])).toEqual([{ n: 0 }]);

      await publishRevision(contentId, [{ title: '第二期', body: '正文', preview: false }]);
      const second = (await lessonsOf(contentId))[1]!.lessonId;
      await eventually(async () => ((await instalmentsIn(told)).length === 1 ? true : null), 30_000, 'the unmuted buyer told');
      // The job ran to its end: the muted were passed over, not yet to come.
      for (const muted of [mutedFollower, mutedBuyer, creatorMuter]) expect(await instalmentsIn(muted)).toEqual([]);
      expect(await app.sql(`SELECT recipient_id FROM social_notifications WHERE item_id = $1`, [second])).toEqual([{ recipient_id: told.id }]);
      const [event] = await app.sql(`SELECT type, data FROM events WHERE type = 'catalog.instalment-published' AND data->>'lessonId' = $1`, [second]);
      const rerun = await app.worker!.get(NotificationsProcessor).process({
        name: 'fan-out',
        data: { ...event, createdAt: new Date().toISOString() },
        updateProgress: async () => undefined,
      } as never);
      expect(rerun).toEqual({ followers: 1, notified: 0, mailed: 0 });

      // Unmuted, the buyer hears of the next instalment; the others still muted do not.
      expect((await mute(mutedBuyer, `columns/${contentId}`, 'DELETE')).status).toBe(204);
      expect((await mute(mutedBuyer, `columns/${contentId}`, 'DELETE')).status).toBe(204); // again: no change
      await publishRevision(contentId, [{ title: '第三期', body: '正文', preview: false }]);
      const third = (await lessonsOf(contentId))[2]!.lessonId;
      await eventually(
        async () => (await app.sql(`SELECT count(*)::int AS n FROM social_notifications WHERE item_id = $1`, [third]))[0].n === 2,
        30_000,
        'the third instalment told',
      );
      expect((await instalmentsIn(mutedBuyer)).map((item) => (item as unknown as { itemId: string }).itemId)).toEqual([third]);
      for (const muted of [mutedFollower, creatorMuter]) expect(await instalmentsIn(muted)).toEqual([]);
    });

    it('finds the same buyers from the stored events when the table is built anew, as the migration does for purchases made before it', async () => {
      const buyers = () => app.sql(`SELECT order_id, buyer_id, content_id FROM social_column_buyers ORDER BY order_id, content_id`);
      const projected = await buyers();
      expect(projected.length).toBeGreaterThan(0);
      // As the migrations run: on the test's own connection, which owns the tables.
      const asOwner = { query: (text: string) => app.sql(text) } as unknown as QueryRunner;
      await app.sql(`DROP TABLE social_column_buyers`);
      await new SocialColumnBuyers1764830000000().up(asOwner);
      expect(await buyers()).toEqual(projected);
    });
  });
});
