import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJourneys } from './support/community.js';
import { type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

/**
 * An item taken off the catalogue (unpublished by its creator, hidden by a moderator) keeps its
 * community for those who hold it: its holders, its creator and staff still read and post item and
 * lesson comments and ask (and read) questions about it; to everyone else, it does not exist (404),
 * on every route. Its reviews, which rank it in lists, close with the listing (README, "Unpublishing and hiding").
 */
describe('comments and Q&A on an item off the catalogue: open to its holders, 404 to everyone else', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  let journeys: ReturnType<typeof communityJourneys>;
  beforeAll(async () => {
    // Generous posting limits: these tests post many times from a few users, and measure the refusals, not the throttle.
    app = await TestApp.start({ env: { COMMUNITY_POSTS_PER_MINUTE: '500' } });
    journeys = communityJourneys(app);
    creator = await app.user('creator', ['creator']);
    moderator = await app.user('moderator', ['moderator']);
  });
  afterAll(async () => {
    await app.close();
  });

  const ask = (user: TestUser, contentId: string, text: string) => app.request('POST', `/api/v1/contents/${contentId}/questions`, { token: user.token, body: { text } });
  const questions = (user: TestUser, contentId: string) => app.request('GET', `/api/v1/contents/${contentId}/questions`, { token: user.token });
  const answer = (questionId: string, text: string) => app.request('POST', `/api/v1/questions/${questionId}/answer`, { token: creator.token, body: { text } });
  const commentCount = async (contentId: string) =>
    (await app.sql(`SELECT count(*)::int AS n FROM community_comments WHERE content_id = $1`, [contentId]))[0].n as number;
  const statuses = (responses: HttpResponse[]) => responses.map((response) => response.status);

  /** A published item bought by `holder`, with a lesson comment, an item comment and an answered question from before it left the catalogue. */
  async function itemWithHistory(holder: TestUser) {
    const item = await journeys.item(creator, moderator.token, { priceCents: 9900 });
    const lesson = item.lessonIds[1]!;
    await journeys.buy(holder, item.id);
    const lessonComment = await journeys.comment(holder, item.id, '这一课的例子很好', { lessonId: lesson });
    const itemComment = await journeys.comment(holder, item.id, '整体不错');
    expect([lessonComment.status, itemComment.status]).toEqual([201, 201]);
    const asked = await ask(holder, item.id, '第二课的公式怎么推导?');
    expect(asked.status).toBe(201);
    expect((await answer(asked.body.questionId, '见附录。')).status).toBe(200);
    return { id: item.id, lesson, lessonCommentId: lessonComment.body.id as string, itemCommentId: itemComment.body.id as string, questionId: asked.body.questionId as string };
  }

  /** Every route an outsider could use to read or write the item's community, and what each answers. */
  async function outsiderAttempts(outsider: TestUser | null, item: Awaited<ReturnType<typeof itemWithHistory>>) {
    const attempts: HttpResponse[] = [
      await journeys.comments(outsider, item.id),
      await journeys.comments(outsider, item.id, { lessonId: item.lesson }),
      await journeys.replies(outsider, item.itemCommentId),
      await journeys.replies(outsider, item.lessonCommentId),
      await app.request('GET', `/api/v1/comments/${item.itemCommentId}`, { token: outsider?.token }),
      await app.request('GET', `/api/v1/comments/${item.lessonCommentId}`, { token: outsider?.token }),
    ];
    if (outsider) {
      attempts.push(
        await journeys.comment(outsider, item.id, '我也来说两句'),
        await journeys.comment(outsider, item.id, '求正文', { lessonId: item.lesson }),
        await journeys.comment(outsider, item.id, '回复', { parentId: item.itemCommentId }),
        await app.request('POST', `/api/v1/comments/${item.itemCommentId}/reports`, { token: outsider.token, body: { reason: 'spam' } }),
        await questions(outsider, item.id),
        await ask(outsider, item.id, '能便宜点吗?'),
        await app.request('GET', `/api/v1/questions/${item.questionId}`, { token: outsider.token }),
      );
    }
    return attempts;
  }

  it('unpublished by its creator: its buyer and creator keep talking about it and its lessons, and asking; an outsider gets 404 everywhere', async () => {
    const [holder, outsider] = await Promise.all([app.user('holder'), app.user('outsider')]);
    const item = await itemWithHistory(holder);
    // Listed, the outsider reads the item's comments and is told they may not ask (not that it does not exist).
    expect((await journeys.comments(outsider, item.id)).status).toBe(200);
    expect((await ask(outsider, item.id, '能试听吗?')).body.code).toBe('CONSULTING.NOT_ENTITLED');

    expect((await app.request('POST', `/api/v1/contents/${item.id}/unpublish`, { token: creator.token })).status).toBe(200);

    // Its holder: reads what was said, says more, on the item and on its lesson; asks, and reads the answers.
    expect((await journeys.comments(holder, item.id, { lessonId: item.lesson })).body.items.map((c: { id: string }) => c.id)).toEqual([item.lessonCommentId]);
    expect((await journeys.comments(holder, item.id)).body.items.map((c: { id: string }) => c.id)).toEqual([item.itemCommentId]);
    const more = await journeys.comment(holder, item.id, '下架了还能问吗?', { lessonId: item.lesson });
    expect(more.status).toBe(201);
    expect((await journeys.comment(holder, item.id, '补充一句', { parentId: item.itemCommentId })).status).toBe(201);
    expect((await app.request('PATCH', `/api/v1/comments/${more.body.id}`, { token: holder.token, body: { body: '下架了还能问' } })).status).toBe(200);
    const asked = await ask(holder, item.id, '第三课还会更新吗?');
    expect(asked.status).toBe(201);
    expect((await questions(holder, item.id)).body.items.map((q: { questionId: string }) => q.questionId).sort()).toEqual([item.questionId, asked.body.questionId].sort());
    // Its creator answers, there and in the comments.
    expect((await answer(asked.body.questionId, '会的。')).status).toBe(200);
    expect((await journeys.comment(creator, item.id, '会更新', { lessonId: item.lesson, parentId: more.body.id })).status).toBe(201);
    expect((await journeys.comments(moderator, item.id, { lessonId: item.lesson })).status).toBe(200);

    // Anyone else: 404 on every route, whether signed in or not; nothing written.
    const before = await commentCount(item.id);
    const refused = await outsiderAttempts(outsider, item);
    expect(statuses(refused)).toEqual(refused.map(() => 404));
    expect(statuses(await outsiderAttempts(null, item))).toEqual([404, 404, 404, 404, 404, 404]);
    expect(await commentCount(item.id)).toBe(before);
    // Reviews rank an item in lists: they close with the listing, for its holder too.
    expect((await app.request('POST', `/api/v1/contents/${item.id}/reviews`, { token: holder.token, body: { stars: 5, text: '好课' } })).body.code).toBe('COMMUNITY.CONTENT_NOT_FOUND');

    // Republished: open to everyone again as before.
    expect((await app.request('POST', `/api/v1/contents/${item.id}/republish`, { token: creator.token })).status).toBe(200);
    expect((await journeys.comments(outsider, item.id)).status).toBe(200);
  });

  it('hidden by a moderator: the same for its holders; thirty parallel posts by an outsider write nothing; restored, open again', async () => {
    const [holder, outsider] = await Promise.all([app.user('hidden-holder'), app.user('hidden-outsider')]);
    const item = await itemWithHistory(holder);
    expect((await app.request('POST', `/api/v1/admin/contents/${item.id}/hide`, { token: moderator.token, body: { reason: '待核实' } })).status).toBe(200);

    expect((await journeys.comment(holder, item.id, '还在', { lessonId: item.lesson })).status).toBe(201);
    expect((await journeys.comments(holder, item.id, { lessonId: item.lesson })).status).toBe(200);
    expect((await ask(holder, item.id, '为什么被隐藏了?')).status).toBe(201);
    expect((await app.request('GET', `/api/v1/questions/${item.questionId}`, { token: holder.token })).status).toBe(200);

    const before = await commentCount(item.id);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, index) => journeys.comment(outsider, item.id, `刷屏 ${index}`, index % 2 === 0 ? { lessonId: item.lesson } : {})),
    );
    expect(new Set(burst.map((response) => `${response.status} ${response.body.code}`))).toEqual(new Set(['404 COMMUNITY.CONTENT_NOT_FOUND']));
    const questionsBurst = await Promise.all(Array.from({ length: 10 }, () => ask(outsider, item.id, '在吗?')));
    expect(new Set(questionsBurst.map((response) => `${response.status} ${response.body.code}`))).toEqual(new Set(['404 CONSULTING.ITEM_NOT_FOUND']));
    expect(await commentCount(item.id)).toBe(before);
    expect(await app.sql(`SELECT 1 FROM consulting_questions WHERE content_id = $1 AND asker_id = $2`, [item.id, outsider.id])).toEqual([]);
    const refused = await outsiderAttempts(outsider, item);
    expect(statuses(refused)).toEqual(refused.map(() => 404));

    expect((await app.request('POST', `/api/v1/admin/contents/${item.id}/unhide`, { token: moderator.token, body: { reason: '核实无误' } })).status).toBe(200);
    expect((await journeys.comments(outsider, item.id)).status).toBe(200);
    expect((await journeys.comment(outsider, item.id, '回来了')).status).toBe(201);
  });
});
