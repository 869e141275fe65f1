import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJourneys } from './support/community.js';
import { sampleContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('community: likes, one per user, counted right under concurrency', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  let crowd: TestUser[];
  let journeys: ReturnType<typeof communityJourneys>;
  beforeAll(async () => {
    app = await TestApp.start();
    journeys = communityJourneys(app);
    creator = await app.user('creator', ['creator']);
    moderator = await app.user('moderator', ['moderator']);
    crowd = [];
    // In tens: password hashing queues beyond a few at once.
    for (let batch = 0; batch < 10; batch++) crowd.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => app.user(`fan${batch * 10 + i}`)))));
  }, 180_000);
  afterAll(async () => {
    await app.close();
  });

  const likes = (contentId: string, user?: TestUser) => app.request('GET', `/api/v1/contents/${contentId}/likes`, { token: user?.token });
  const events = async (type: string, targetId: string) =>
    (await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = $1 AND data->>'targetId' = $2`, [type, targetId]))[0].n as number;

  it('counts 100 users liking an item at the same moment as 100', async () => {
    const item = await journeys.item(creator, moderator.token);
    const answers = await Promise.all(crowd.map((fan) => app.request('PUT', `/api/v1/contents/${item.id}/like`, { token: fan.token })));
    expect(answers.map((answer) => answer.status)).toEqual(crowd.map(() => 200));
    expect((await likes(item.id)).body).toEqual({ likes: 100, likedByMe: false });
    expect((await likes(item.id, crowd[7])).body).toEqual({ likes: 100, likedByMe: true });
    expect(await app.sql(`SELECT count(*)::int AS n FROM community_likes WHERE target_id = $1`, [item.id])).toEqual([{ n: 100 }]);
    expect(await events('community.liked', item.id)).toBe(100);
  });

  it('counts one user liking an item 100 times at once as one like, and 30 unlikes at once as none, never below zero', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [fan] = crowd as [TestUser];
    const taps = await Promise.all(Array.from({ length: 100 }, () => app.request('PUT', `/api/v1/contents/${item.id}/like`, { token: fan.token })));
    expect(taps.filter((tap) => tap.status === 200).length).toBe(100);
    expect((await likes(item.id, fan)).body).toEqual({ likes: 1, likedByMe: true });
    expect(await events('community.liked', item.id)).toBe(1);

    const untaps = await Promise.all(Array.from({ length: 30 }, () => app.request('DELETE', `/api/v1/contents/${item.id}/like`, { token: fan.token })));
    expect(untaps.filter((tap) => tap.status === 200).length).toBe(30);
    expect((await likes(item.id, fan)).body).toEqual({ likes: 0, likedByMe: false });
    expect(await events('community.unliked', item.id)).toBe(1);
    expect(await app.sql(`SELECT likes FROM community_like_counts WHERE target_id = $1`, [item.id])).toEqual([{ likes: 0 }]);

    // Liked again after that, it counts again.
    expect((await app.request('PUT', `/api/v1/contents/${item.id}/like`, { token: fan.token })).body).toEqual({ likes: 1, likedByMe: true });
  });

  it('counts likes of a comment the same way, and shows them on the comment', async () => {
    const item = await journeys.item(creator, moderator.token);
    const posted = await journeys.comment(creator, item.id, '欢迎提问');
    const fans = crowd.slice(0, 40);
    const answers = await Promise.all([
      ...fans.map((fan) => app.request('PUT', `/api/v1/comments/${posted.body.id}/like`, { token: fan.token })),
      ...Array.from({ length: 20 }, () => app.request('PUT', `/api/v1/comments/${posted.body.id}/like`, { token: fans[0]!.token })),
    ]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect((await app.request('GET', `/api/v1/comments/${posted.body.id}`, { token: fans[3]!.token })).body).toMatchObject({ likes: 40, likedByMe: true });
    const unliked = await app.request('DELETE', `/api/v1/comments/${posted.body.id}/like`, { token: fans[3]!.token });
    expect(unliked.body).toEqual({ likes: 39, likedByMe: false });
    expect((await journeys.comments(null, item.id)).body.items[0]).toMatchObject({ likes: 39, likedByMe: false });
  });

  it('likes only what the caller may see', async () => {
    const [fan] = crowd as [TestUser];
    const draft = await app.request('POST', '/api/v1/contents', { token: creator.token, body: sampleContent() });
    for (const id of [draft.body.id as string, randomUUID()]) {
      const refused = await app.request('PUT', `/api/v1/contents/${id}/like`, { token: fan.token });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'COMMUNITY.CONTENT_NOT_FOUND' });
      expect((await likes(id)).status).toBe(404);
    }
    expect((await app.request('PUT', `/api/v1/comments/${randomUUID()}/like`, { token: fan.token })).body.code).toBe('COMMUNITY.COMMENT_NOT_FOUND');
    const item = await journeys.item(creator, moderator.token);
    expect((await app.request('PUT', `/api/v1/contents/${item.id}/like`)).status).toBe(401);
    expect(await app.sql(`SELECT count(*)::int AS n FROM community_likes WHERE target_id = ANY($1)`, [[draft.body.id, item.id]])).toEqual([{ n: 0 }]);
  });
});
