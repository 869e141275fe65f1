import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJourneys } from './support/community.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

interface Queued {
  kind: string;
  id: string;
  held: boolean;
  matchedWords: string[];
  openReports: number;
  hiddenByReports: boolean;
  since: string;
}

describe('community: held posts, reports and the moderators\' queue', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  let journeys: ReturnType<typeof communityJourneys>;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { COMMUNITY_REPORT_THRESHOLD: '3', COMMUNITY_POSTS_PER_MINUTE: '100' } });
    journeys = communityJourneys(app);
    [creator, moderator] = await Promise.all([app.user('creator', ['creator']), app.user('moderator', ['moderator'])]);
  });
  afterAll(async () => {
    await app.close();
  });

  const queue = async (query = '') => {
    const response = await app.request('GET', `/api/v1/admin/community/queue${query}`, { token: moderator.token });
    expect(response.status).toBe(200);
    return response.body as { items: Queued[]; nextCursor: string | null };
  };
  const decide = (kind: 'comments' | 'reviews', id: string, verb: 'approve' | 'remove', reason: string, token = moderator.token) =>
    app.request('POST', `/api/v1/admin/community/${kind}/${id}/${verb}`, { token, body: { reason } });
  const report = (user: TestUser, commentId: string, reason = '垃圾广告') =>
    app.request('POST', `/api/v1/comments/${commentId}/reports`, { token: user.token, body: { reason } });
  const shownTo = async (user: TestUser | null, contentId: string) =>
    (await journeys.comments(user, contentId)).body.items.map((c: { id: string; status: string }) => `${c.id}:${c.status}`);

  it('holds a post with a sensitive word, however disguised, for its author\'s eyes only until a moderator approves it; the decision is audited', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [alice, bob] = await Promise.all([app.user('alice'), app.user('bob')]);
    const held = await journeys.comment(alice, item.id, '资料私聊，加 微．信 ｘｙｚ');
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: 'pending', body: '资料私聊，加 微．信 ｘｙｚ' });
    const clean = await journeys.comment(bob, item.id, '这门课不错');

    expect(await shownTo(null, item.id)).toEqual([`${clean.body.id}:visible`]);
    expect(await shownTo(bob, item.id)).toEqual([`${clean.body.id}:visible`]);
    expect(await shownTo(alice, item.id)).toEqual([`${clean.body.id}:visible`, `${held.body.id}:pending`]);
    // To anyone else it does not exist.
    expect((await app.request('GET', `/api/v1/comments/${held.body.id}`, { token: bob.token })).body.code).toBe('COMMUNITY.COMMENT_NOT_FOUND');
    expect((await journeys.comment(bob, item.id, 'reply', { parentId: held.body.id })).body.code).toBe('COMMUNITY.PARENT_NOT_FOUND');
    expect((await app.request('PUT', `/api/v1/comments/${held.body.id}/like`, { token: bob.token })).status).toBe(404);
    expect((await report(bob, held.body.id)).status).toBe(404);

    // A moderator sees it in the queue, with the word it matched; learners do not get the queue at all.
    expect((await app.request('GET', '/api/v1/admin/community/queue', { token: bob.token })).status).toBe(403);
    const entry = (await queue()).items.find((q) => q.id === held.body.id);
    expect(entry).toMatchObject({ kind: 'comment', held: true, matchedWords: ['加微信'], openReports: 0, hiddenByReports: false });
    expect((await decide('comments', held.body.id, 'approve', 'x', bob.token)).status).toBe(403);

    expect((await decide('comments', held.body.id, 'approve', '微信号是课程群，允许')).status).toBe(204);
    expect(await shownTo(null, item.id)).toEqual([`${clean.body.id}:visible`, `${held.body.id}:visible`]);
    expect((await app.request('GET', `/api/v1/comments/${held.body.id}`, { token: bob.token })).body.status).toBe('visible');
    expect((await queue()).items.map((q) => q.id)).not.toContain(held.body.id);
    const again = await decide('comments', held.body.id, 'approve', 'again');
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'COMMUNITY.NOT_PENDING' });

    // An edit into a listed word holds it again.
    const edited = await app.request('PATCH', `/api/v1/comments/${clean.body.id}`, { token: bob.token, body: { body: '这门课不错，代 开 发 票' } });
    expect(edited.body.status).toBe('pending');
    expect(await shownTo(alice, item.id)).toEqual([`${held.body.id}:visible`]);

    // The decision is an event with who and why, and with the back-office call it reaches the hash-chained audit trail.
    expect(
      await app.sql(`SELECT metadata->>'actorId' AS actor, data FROM events WHERE type = 'community.comment-moderated' AND stream_id = $1`, [
        `comment-${held.body.id}`,
      ]),
    ).toEqual([{ actor: moderator.id, data: { commentId: held.body.id, decision: 'approved', moderatorId: moderator.id, reason: '微信号是课程群，允许' } }]);
    const audited = await eventually(async () => {
      const rows = await app.sql(
        `SELECT actor_id, payload FROM audit_log WHERE event_type = 'community.comment-moderated' AND payload->>'commentId' = $1`,
        [held.body.id],
      );
      return rows.length > 0 && rows;
    }, 30_000, 'the moderation in the audit log');
    expect(audited).toEqual([
      { actor_id: moderator.id, payload: { commentId: held.body.id, decision: 'approved', moderatorId: moderator.id, reason: '微信号是课程群，允许' } },
    ]);
    await eventually(async () => {
      const rows = await app.sql(
        `SELECT 1 FROM audit_log WHERE event_type = 'audit.admin-action-performed' AND actor_id = $1 AND payload->>'route' = '/api/v1/admin/community/comments/:id/approve'`,
        [moderator.id],
      );
      return rows.length >= 2;
    }, 30_000, 'the admin actions in the audit log');
  });

  it('takes a report once per user; over the threshold the post is hidden until a moderator decides', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [carol, r1, r2, r3, r4] = await Promise.all(['carol', 'r1', 'r2', 'r3', 'r4'].map((name) => app.user(name)));
    const target = await journeys.comment(carol, item.id, '看我主页有惊喜');

    // One user reporting 30 times at once counts once.
    const burst = await Promise.all(Array.from({ length: 30 }, () => report(r1!, target.body.id)));
    expect(burst.filter((r) => r.status === 204)).toHaveLength(1);
    expect(burst.filter((r) => r.status !== 204).every((r) => r.status === 409)).toBe(true);
    expect((await report(r1!, target.body.id)).body.code).toBe('COMMUNITY.ALREADY_REPORTED');
    expect((await report(carol!, target.body.id)).body.code).toBe('COMMUNITY.OWN_POST');
    expect((await app.request('POST', `/api/v1/comments/${target.body.id}/reports`, { token: r2!.token, body: { reason: '' } })).status).toBe(400);
    expect(await shownTo(null, item.id)).toEqual([`${target.body.id}:visible`]);

    await Promise.all([report(r2!, target.body.id), report(r3!, target.body.id)]);
    expect(await app.sql(`SELECT report_count FROM community_comments WHERE id = $1`, [target.body.id])).toEqual([{ report_count: 3 }]);
    expect(await shownTo(null, item.id)).toEqual([]);
    expect(await shownTo(carol!, item.id)).toEqual([`${target.body.id}:pending`]);
    expect((await queue()).items.find((q) => q.id === target.body.id)).toMatchObject({ held: false, openReports: 3, hiddenByReports: true });

    // Approved, it shows again and its reports are answered; a new report starts a new count.
    expect((await decide('comments', target.body.id, 'approve', '个人主页，不算广告')).status).toBe(204);
    expect(await shownTo(null, item.id)).toEqual([`${target.body.id}:visible`]);
    expect((await report(r4!, target.body.id)).status).toBe(204);
    expect(await shownTo(null, item.id)).toEqual([`${target.body.id}:visible`]);
    expect((await queue()).items.find((q) => q.id === target.body.id)).toMatchObject({ openReports: 1, hiddenByReports: false });

    // Removed, it shows as removed and its thread stays.
    const reply = await journeys.comment(r2!, item.id, '同感', { parentId: target.body.id });
    expect((await decide('comments', target.body.id, 'remove', '引流')).status).toBe(204);
    expect((await decide('comments', target.body.id, 'remove', '引流')).status).toBe(204);
    expect((await journeys.comments(null, item.id)).body.items[0]).toMatchObject({ id: target.body.id, status: 'removed', body: null, replyCount: 1 });
    expect((await journeys.replies(null, target.body.id)).body.items.map((c: { id: string }) => c.id)).toEqual([reply.body.id]);
    expect((await app.request('PATCH', `/api/v1/comments/${target.body.id}`, { token: carol!.token, body: { body: 'x' } })).body.code).toBe('COMMUNITY.COMMENT_GONE');
    expect((await report(r3!, target.body.id)).status).toBe(409);
    expect((await queue()).items.map((q) => q.id)).not.toContain(target.body.id);
  });

  it('lists the queue oldest first, page by page, and nobody moderates their own post', async () => {
    const item = await journeys.item(creator, moderator.token);
    const writer = await app.user('writer');
    const ids: string[] = [];
    for (const text of ['傻逼一号', '傻逼二号', '傻逼三号']) ids.push((await journeys.comment(writer, item.id, text)).body.id as string);
    const mine = await journeys.comment(moderator, item.id, '草 泥 马');
    expect(mine.body.status).toBe('pending');

    const seen: string[] = [];
    let query = '?limit=2';
    for (;;) {
      const page = await queue(query);
      seen.push(...page.items.map((q) => q.id));
      if (!page.nextCursor) break;
      query = `?limit=2&cursor=${page.nextCursor}`;
    }
    const ours = seen.filter((id) => [...ids, mine.body.id].includes(id));
    expect(ours).toEqual([...ids, mine.body.id]);
    const since = (await queue('?limit=100')).items.map((q) => q.since);
    expect(since).toEqual([...since].sort());

    const own = await decide('comments', mine.body.id, 'approve', '我自己的');
    expect({ status: own.status, code: own.body.code }).toEqual({ status: 403, code: 'AUTHZ.FORBIDDEN' });
    const other = await app.user('second-moderator', ['moderator']);
    expect((await decide('comments', mine.body.id, 'remove', '脏话', other.token)).status).toBe(204);
  });
});
