import { randomUUID } from 'node:crypto';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJourneys } from './support/community.js';
import { sampleContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

const LESSON_BODY = 'The chain rule, applied carefully.';

describe('community: comments on items and lessons', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  let journeys: ReturnType<typeof communityJourneys>;
  beforeAll(async () => {
    app = await TestApp.start({ env: { COMMUNITY_EDIT_WINDOW_SECONDS: '2', COMMUNITY_POSTS_PER_MINUTE: '6' } });
    journeys = communityJourneys(app);
    creator = await app.user('creator', ['creator']);
    moderator = await app.user('moderator', ['moderator']);
  });
  afterAll(async () => {
    await app.close();
  });

  const commentCount = async () => (await app.sql(`SELECT count(*)::int AS n FROM community_comments`))[0].n as number;

  it('lets anyone read an item\'s comments and signed-in users post and reply; a reply to a reply joins its top comment\'s thread', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [alice, bob, carol] = await Promise.all([app.user('alice'), app.user('bob'), app.user('carol')]);

    const top = await journeys.comment(alice, item.id, '讲得很清楚');
    expect(top.status).toBe(201);
    expect(top.body).toMatchObject({ contentId: item.id, lessonId: null, parentId: null, authorId: alice.id, body: '讲得很清楚', status: 'visible', edited: false, likes: 0, replyCount: 0 });
    const reply = await journeys.comment(bob, item.id, '同意', { parentId: top.body.id });
    expect(reply.body).toMatchObject({ parentId: top.body.id, status: 'visible' });
    const replyToReply = await journeys.comment(carol, item.id, '+1', { parentId: reply.body.id });
    expect(replyToReply.status).toBe(201);
    expect(replyToReply.body.parentId).toBe(top.body.id);

    const anonymous = await journeys.comments(null, item.id);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.items.map((c: { id: string }) => c.id)).toEqual([top.body.id]);
    expect(anonymous.body.items[0].replyCount).toBe(2);
    const thread = await journeys.replies(null, top.body.id);
    expect(thread.body.items.map((c: { body: string }) => c.body)).toEqual(['同意', '+1']);

    // A parent must be a visible comment of the same item.
    const other = await journeys.item(creator, moderator.token);
    expect((await journeys.comment(bob, other.id, 'wrong thread', { parentId: top.body.id })).body.code).toBe('COMMUNITY.PARENT_NOT_FOUND');
    expect((await journeys.comment(bob, item.id, 'no such parent', { parentId: randomUUID() })).body.code).toBe('COMMUNITY.PARENT_NOT_FOUND');

    // Nothing to say about an item nobody may read yet, or none at all.
    const draft = await app.request('POST', '/api/v1/contents', { token: creator.token, body: sampleContent() });
    expect(draft.status).toBe(201);
    expect((await journeys.comment(bob, draft.body.id, 'early')).status).toBe(404);
    expect((await journeys.comments(null, draft.body.id)).body.code).toBe('COMMUNITY.CONTENT_NOT_FOUND');
    expect((await journeys.comments(null, randomUUID())).status).toBe(404);
    expect((await journeys.comment(null, item.id, 'anonymous')).status).toBe(401);
  });

  it('pages top comments newest first with a cursor, and refuses a forged one', async () => {
    const item = await journeys.item(creator, moderator.token);
    const writer = await app.user('writer');
    for (let i = 1; i <= 5; i++) expect((await journeys.comment(writer, item.id, `comment ${i}`)).status).toBe(201);
    const seen: string[] = [];
    let query = '?limit=2';
    for (;;) {
      const page = await journeys.comments(null, item.id, { query });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { body: string }) => c.body));
      if (!page.body.nextCursor) break;
      query = `?limit=2&cursor=${page.body.nextCursor}`;
    }
    expect(seen).toEqual(['comment 5', 'comment 4', 'comment 3', 'comment 2', 'comment 1']);
    expect((await journeys.comments(null, item.id, { query: '?cursor=bm90LWEtY3Vyc29y' })).body.code).toBe('HTTP.INVALID_CURSOR');
  });

  it('keeps a lesson\'s comments to learners entitled to its item, its creator and staff: no lesson body leaks to anyone else', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [, lesson] = item.lessonIds as [string, string];
    const [buyer, outsider] = await Promise.all([app.user('buyer'), app.user('outsider')]);
    await journeys.buy(buyer, item.id);

    const asked = await journeys.comment(buyer, item.id, `第二课里 "${LESSON_BODY}" 这句怎么理解？`, { lessonId: lesson });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ lessonId: lesson, status: 'visible' });
    const answered = await journeys.comment(creator, item.id, '看第三节', { lessonId: lesson, parentId: asked.body.id });
    expect(answered.status).toBe(201);
    expect((await journeys.comments(buyer, item.id, { lessonId: lesson })).body.items.map((c: { id: string }) => c.id)).toEqual([asked.body.id]);
    expect((await journeys.comments(moderator, item.id, { lessonId: lesson })).status).toBe(200);

    // Every route that could show the lesson's comments refuses the outsider and the anonymous caller.
    const refusals = [
      await journeys.comments(outsider, item.id, { lessonId: lesson }),
      await journeys.comments(null, item.id, { lessonId: lesson }),
      await journeys.comment(outsider, item.id, 'let me in', { lessonId: lesson }),
      await journeys.comment(outsider, item.id, 'reply', { lessonId: lesson, parentId: asked.body.id }),
      await app.request('GET', `/api/v1/comments/${asked.body.id}`, { token: outsider.token }),
      await journeys.replies(outsider, asked.body.id),
      await journeys.replies(null, asked.body.id),
      await app.request('PUT', `/api/v1/comments/${asked.body.id}/like`, { token: outsider.token }),
      await app.request('POST', `/api/v1/comments/${asked.body.id}/reports`, { token: outsider.token, body: { reason: 'x' } }),
    ];
    for (const refusal of refusals) {
      expect({ status: refusal.status, code: refusal.body.code }).toEqual({ status: 403, code: 'COMMUNITY.LESSON_LOCKED' });
      expect(JSON.stringify(refusal.body)).not.toContain(LESSON_BODY);
    }
    // Nor does the item's own thread carry them.
    const itemThread = await journeys.comments(outsider, item.id);
    expect(JSON.stringify(itemThread.body)).not.toContain(LESSON_BODY);
    expect(await app.sql(`SELECT count(*)::int AS n FROM community_comments WHERE lesson_id = $1`, [lesson])).toEqual([{ n: 2 }]);

    // A lesson of another item is no lesson of this one.
    const other = await journeys.item(creator, moderator.token);
    expect((await journeys.comments(buyer, item.id, { lessonId: other.lessonIds[1] })).body.code).toBe('COMMUNITY.LESSON_NOT_FOUND');
  });

  it('lets the author edit within the window and delete (shown as deleted, replies kept); nobody else can do either', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [alice, bob, mallory] = await Promise.all([app.user('alice'), app.user('bob'), app.user('mallory')]);
    const original = await journeys.comment(alice, item.id, 'first version');
    const id = original.body.id as string;
    await journeys.comment(bob, item.id, 'a reply', { parentId: id });

    // BOLA: another user's comment cannot be edited or deleted, and stays as it was.
    const edit = await app.request('PATCH', `/api/v1/comments/${id}`, { token: mallory.token, body: { body: 'defaced' } });
    expect({ status: edit.status, code: edit.body.code }).toEqual({ status: 403, code: 'COMMUNITY.NOT_YOUR_COMMENT' });
    const remove = await app.request('DELETE', `/api/v1/comments/${id}`, { token: mallory.token });
    expect({ status: remove.status, code: remove.body.code }).toEqual({ status: 403, code: 'COMMUNITY.NOT_YOUR_COMMENT' });
    expect((await app.request('GET', `/api/v1/comments/${id}`)).body).toMatchObject({ body: 'first version', status: 'visible', edited: false });
    expect((await app.request('PATCH', `/api/v1/comments/${randomUUID()}`, { token: mallory.token, body: { body: 'x' } })).status).toBe(404);

    const edited = await app.request('PATCH', `/api/v1/comments/${id}`, { token: alice.token, body: { body: 'second version' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'second version', edited: true, status: 'visible' });

    expect((await app.request('DELETE', `/api/v1/comments/${id}`, { token: alice.token })).status).toBe(204);
    expect((await app.request('DELETE', `/api/v1/comments/${id}`, { token: alice.token })).status).toBe(204);
    const deleted = await app.request('GET', `/api/v1/comments/${id}`);
    expect(deleted.body).toMatchObject({ status: 'deleted', body: null, replyCount: 1 });
    expect((await journeys.replies(null, id)).body.items.map((c: { body: string }) => c.body)).toEqual(['a reply']);
    expect((await journeys.comments(null, item.id)).body.items[0]).toMatchObject({ id, status: 'deleted', body: null });
    expect((await app.request('PATCH', `/api/v1/comments/${id}`, { token: alice.token, body: { body: 'back' } })).body.code).toBe('COMMUNITY.COMMENT_GONE');
    expect((await journeys.comment(bob, item.id, 'late reply', { parentId: id })).body.code).toBe('COMMUNITY.PARENT_NOT_FOUND');
    expect(await app.sql(`SELECT body FROM community_comments WHERE id = $1`, [id])).toEqual([{ body: '' }]);

    // After the window (2 s here), the text is final.
    const later = await journeys.comment(alice, item.id, 'final words');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const tooLate = await app.request('PATCH', `/api/v1/comments/${later.body.id}`, { token: alice.token, body: { body: 'changed my mind' } });
    expect({ status: tooLate.status, code: tooLate.body.code }).toEqual({ status: 409, code: 'COMMUNITY.EDIT_WINDOW_CLOSED' });
    expect((await app.request('GET', `/api/v1/comments/${later.body.id}`)).body.body).toBe('final words');
  });

  it('keeps text as text: HTML and emoji come back as sent; control characters, NUL, blank and oversized bodies are a 400 and store nothing', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [writer, spammer] = await Promise.all([app.user('writer'), app.user('spammer')]);
    const html = '<script>alert("x")</script><b>粗体</b> 🎉👍🏽 & &amp;';
    const posted = await journeys.comment(writer, item.id, html);
    expect(posted.status).toBe(201);
    expect(posted.headers['content-type']).toContain('application/json');
    expect(posted.body.body).toBe(html);
    expect((await app.request('GET', `/api/v1/comments/${posted.body.id}`)).body.body).toBe(html);
    expect((await journeys.comment(writer, item.id, `line one\nline two\ttabbed`)).status).toBe(201);
    expect((await journeys.comment(writer, item.id, 'x'.repeat(5000))).status).toBe(201);

    const before = await commentCount();
    const bad: [unknown, string][] = [
      ['bell\u0007ring', 'HTTP.VALIDATION_FAILED'],
      ['escape \u001b[31m red', 'HTTP.VALIDATION_FAILED'],
      ['c1 \u0085 control', 'HTTP.VALIDATION_FAILED'],
      ['nul \u0000 byte', 'HTTP.INVALID_TEXT'],
      ['   \n\t ', 'HTTP.VALIDATION_FAILED'],
      ['', 'HTTP.VALIDATION_FAILED'],
      ['x'.repeat(5001), 'HTTP.VALIDATION_FAILED'],
      [{ html: true }, 'HTTP.VALIDATION_FAILED'],
      [42, 'HTTP.VALIDATION_FAILED'],
    ];
    for (const [body, code] of bad) {
      const refused = await journeys.comment(spammer, item.id, body);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code });
    }
    const unknownField = await app.request('POST', `/api/v1/contents/${item.id}/comments`, { token: spammer.token, body: { body: 'hi', authorId: writer.id } });
    expect(unknownField.status).toBe(400);
    const badParent = await journeys.comment(spammer, item.id, 'hi', { parentId: 'not-a-uuid' });
    expect(badParent.status).toBe(400);
    expect(await commentCount()).toBe(before);
  });

  it('forgets what a person wrote when they erase their account: the stored text is sealed, the comment reads as erased, its thread stays', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [leaver, stayer] = await Promise.all([app.user('leaver'), app.user('stayer')]);
    const posted = await journeys.comment(leaver, item.id, '我的看法：很好');
    await journeys.comment(stayer, item.id, '回复你', { parentId: posted.body.id });
    const [stored] = await app.sql(`SELECT data->>'body' AS body FROM events WHERE stream_id = $1`, [`comment-${posted.body.id}`]);
    expect(stored.body).toMatch(/^sealed:v1:/);

    const enrolled = await app.request('POST', '/api/v1/me/mfa/totp', { token: leaver.token });
    const confirmed = await app.request('POST', '/api/v1/me/mfa/totp/confirm', { token: leaver.token, body: { code: generateSync({ secret: enrolled.body.secret }) } });
    const erased = await app.request('DELETE', '/api/v1/me', { token: leaver.token, body: { password: leaver.password, recoveryCode: confirmed.body.recoveryCodes[0] } });
    expect(erased.status).toBe(204);

    expect((await app.request('GET', `/api/v1/comments/${posted.body.id}`)).body).toMatchObject({ body: '[erased]', status: 'visible', replyCount: 1 });
    expect(JSON.stringify((await journeys.comments(null, item.id)).body)).not.toContain('我的看法');
    expect((await journeys.replies(null, posted.body.id)).body.items.map((c: { body: string }) => c.body)).toEqual(['回复你']);
  });

  it('limits how fast one user posts (429 with Retry-After), without slowing anyone else', async () => {
    const item = await journeys.item(creator, moderator.token);
    const [flooder, neighbour] = await Promise.all([app.user('flooder'), app.user('neighbour')]);
    const attempts = await Promise.all(Array.from({ length: 10 }, (_, i) => journeys.comment(flooder, item.id, `spam ${i}`)));
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(6);
    const refused = attempts.filter((a) => a.status === 429);
    expect(refused).toHaveLength(4);
    expect(refused[0]!.body.code).toBe('COMMUNITY.RATE_LIMITED');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(await app.sql(`SELECT count(*)::int AS n FROM community_comments WHERE author_id = $1`, [flooder.id])).toEqual([{ n: 6 }]);
    expect((await journeys.comment(neighbour, item.id, 'still here')).status).toBe(201);
  });
});
