import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleContent } from './support/journeys.js';
import { type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

/** A draft of the kind asked for (a course by default, its lessons in one chapter, since a course is built of chapters). */
const draftBody = (overrides: Record<string, unknown> = {}) =>
  sampleContent({
    title: '深度学习入门',
    summary: '从感知机到卷积网络',
    priceCents: 9900,
    currency: 'CNY',
    tags: ['ai'],
    lessons: [
      { title: '第一课：感知机', body: 'preview body: 感知机是最简单的神经网络', preview: true },
      { title: '第二课：反向传播', body: 'paid body: 链式法则', preview: false },
    ],
    ...overrides,
  });

describe('catalog over HTTP', () => {
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let learner: TestUser;
  let moderator: TestUser;
  let creatorModerator: TestUser;
  let admin: string;

  beforeAll(async () => {
    app = await TestApp.start();
    [creator, otherCreator, learner, moderator, creatorModerator] = await Promise.all([
      app.user('creator', ['creator']),
      app.user('other-creator', ['creator']),
      app.user('learner'),
      app.user('moderator', ['moderator']),
      app.user('creator-moderator', ['creator', 'moderator']),
    ]);
    admin = await app.adminToken();
  });
  afterAll(async () => {
    await app.close();
  });

  const contentEvents = async (id?: string): Promise<number> => {
    const [row] = await app.sql(
      `SELECT count(*)::int AS n FROM events WHERE stream_type = 'content' AND ($1::text IS NULL OR stream_id = $1)`,
      [id ? `content-${id}` : null],
    );
    return row.n;
  };

  async function draft(owner: TestUser, overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await app.request('POST', '/api/v1/contents', { token: owner.token, body: draftBody(overrides) });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function publish(owner: TestUser, overrides: Record<string, unknown> = {}): Promise<string> {
    const id = await draft(owner, overrides);
    expect((await app.request('POST', `/api/v1/contents/${id}/submit`, { token: owner.token })).status).toBe(200);
    expect((await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: moderator.token })).status).toBe(200);
    return id;
  }

  async function listAll(query: string, token?: string): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpResponse = await app.request('GET', `/api/v1/contents?${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('takes a draft through review to the public list and detail', async () => {
    const created = await app.request('POST', '/api/v1/contents', { token: creator.token, body: draftBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      creatorId: creator.id,
      title: '深度学习入门',
      priceCents: 9900,
      currency: 'CNY',
      tags: ['ai'],
      lessonCount: 2,
      access: 'full',
      publishedAt: null,
    });
    const id = created.body.id as string;

    const submitted = await app.request('POST', `/api/v1/contents/${id}/submit`, { token: creator.token });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('in_review');
    expect((await app.request('GET', `/api/v1/contents/${id}`)).status).toBe(404);

    const approved = await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: moderator.token });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('published');
    expect(Date.parse(approved.body.publishedAt)).not.toBeNaN();

    const listed = await listAll(`tag=ai`);
    const summary = listed.find((item) => item.id === id);
    expect(summary).toEqual({
      id,
      kind: 'course',
      title: '深度学习入门',
      summary: '从感知机到卷积网络',
      priceCents: 9900,
      currency: 'CNY',
      tags: ['ai'],
      creatorId: creator.id,
      status: 'published',
      publishedAt: approved.body.publishedAt,
      lessonCount: 2,
    });
    const detail = await app.request('GET', `/api/v1/contents/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id, status: 'published', lessonCount: 2 });

    // Other domains learn of the publication from the event alone, so it carries the listing.
    const events = await app.sql(`SELECT type, data FROM events WHERE stream_id = $1 ORDER BY version`, [`content-${id}`]);
    expect(events.map((event) => event.type)).toEqual([
      'catalog.content-drafted',
      'catalog.content-submitted',
      'catalog.content-approved',
    ]);
    expect(events[2].data).toEqual({
      contentId: id,
      moderatorId: moderator.id,
      creatorId: creator.id,
      kind: 'course',
      title: '深度学习入门',
      summary: '从感知机到卷积网络',
      priceCents: 9900,
      currency: 'CNY',
      tags: ['ai'],
      publishedAt: approved.body.publishedAt,
    });
  });

  it('lets only creators create content', async () => {
    const before = await contentEvents();
    const byLearner = await app.request('POST', '/api/v1/contents', { token: learner.token, body: draftBody() });
    expect(byLearner.status).toBe(403);
    expect(byLearner.body.code).toBe('AUTHZ.FORBIDDEN');
    const anonymous = await app.request('POST', '/api/v1/contents', { body: draftBody() });
    expect(anonymous.status).toBe(401);
    expect(await contentEvents()).toBe(before);
  });

  it('hides a draft from everyone but its creator and staff', async () => {
    const id = await draft(creator, { title: '私人草稿' });

    for (const token of [otherCreator.token, learner.token, undefined]) {
      const detail = await app.request('GET', `/api/v1/contents/${id}`, { token });
      expect(detail.status).toBe(404);
      expect(detail.body.code).toBe('CATALOG.CONTENT_NOT_FOUND');
    }
    const foreignSubmit = await app.request('POST', `/api/v1/contents/${id}/submit`, { token: otherCreator.token });
    expect(foreignSubmit.status).toBe(404);
    expect(foreignSubmit.body.code).toBe('CATALOG.CONTENT_NOT_FOUND');
    // Same answer as for content that does not exist at all.
    const missing = await app.request('POST', `/api/v1/contents/${randomUUID()}/submit`, { token: otherCreator.token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CATALOG.CONTENT_NOT_FOUND');

    const own = await app.request('GET', `/api/v1/contents/${id}`, { token: creator.token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'draft', title: '私人草稿' });
    expect((await app.request('GET', `/api/v1/contents/${id}`, { token: moderator.token })).status).toBe(200);
    expect(await contentEvents(id)).toBe(1);
  });

  it('never lists drafts to anonymous callers, and lists a creator only their own', async () => {
    const mine = await draft(creator, { title: '我的草稿' });
    const theirs = await draft(otherCreator, { title: '别人的草稿' });

    const publicIds = (await listAll('limit=100')).map((item) => item.id);
    expect(publicIds).not.toContain(mine);
    expect(publicIds).not.toContain(theirs);
    for (const status of ['draft', 'in_review', 'rejected']) {
      const anonymous = await app.request('GET', `/api/v1/contents?status=${status}`);
      expect(anonymous.status).toBe(200);
      expect(anonymous.body.items).toEqual([]);
    }
    expect((await app.request('GET', '/api/v1/contents?status=draft', { token: learner.token })).body.items).toEqual([]);

    const creatorDrafts = await listAll('status=draft', creator.token);
    expect(creatorDrafts.map((item) => item.id)).toContain(mine);
    expect(creatorDrafts.every((item) => item.creatorId === creator.id && item.status === 'draft')).toBe(true);

    const staffDrafts = (await listAll('status=draft', moderator.token)).map((item) => item.id);
    expect(staffDrafts).toEqual(expect.arrayContaining([mine, theirs]));
  });

  it('refuses a moderator their own content and leaves it in review', async () => {
    const id = await draft(creatorModerator, { title: '自己审自己' });
    expect((await app.request('POST', `/api/v1/contents/${id}/submit`, { token: creatorModerator.token })).status).toBe(200);
    const before = await contentEvents(id);

    for (const action of ['approve', 'reject']) {
      const own = await app.request('POST', `/api/v1/admin/contents/${id}/${action}`, {
        token: creatorModerator.token,
        body: action === 'reject' ? { reason: '不行' } : undefined,
      });
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('CATALOG.CANNOT_MODERATE_OWN_CONTENT');
    }
    const byLearner = await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: learner.token });
    expect(byLearner.status).toBe(403);
    expect(await contentEvents(id)).toBe(before);
    const detail = await app.request('GET', `/api/v1/contents/${id}`, { token: creatorModerator.token });
    expect(detail.body.status).toBe('in_review');

    const byAdmin = await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: admin });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.status).toBe('published');
  });

  it('rejects with a reason, then takes the resubmission', async () => {
    const id = await draft(creator, { title: '需要修改的课程' });
    const tooEarly = await app.request('POST', `/api/v1/admin/contents/${id}/reject`, {
      token: moderator.token,
      body: { reason: '还没提交' },
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('CATALOG.CONTENT_NOT_IN_REVIEW');

    await app.request('POST', `/api/v1/contents/${id}/submit`, { token: creator.token });
    const noReason = await app.request('POST', `/api/v1/admin/contents/${id}/reject`, { token: moderator.token, body: { reason: '' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((error: { field: string }) => error.field)).toContain('reason');

    const rejected = await app.request('POST', `/api/v1/admin/contents/${id}/reject`, {
      token: moderator.token,
      body: { reason: '简介与内容不符' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: '简介与内容不符' });
    const seenByCreator = await app.request('GET', `/api/v1/contents/${id}`, { token: creator.token });
    expect(seenByCreator.body).toMatchObject({ status: 'rejected', rejectionReason: '简介与内容不符' });
    expect((await app.request('GET', `/api/v1/contents/${id}`)).status).toBe(404);

    const approveRejected = await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: moderator.token });
    expect(approveRejected.status).toBe(409);
    expect(approveRejected.body.code).toBe('CATALOG.CONTENT_NOT_IN_REVIEW');

    const resubmitted = await app.request('POST', `/api/v1/contents/${id}/submit`, { token: creator.token });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'in_review', rejectionReason: null });
    const twice = await app.request('POST', `/api/v1/contents/${id}/submit`, { token: creator.token });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CATALOG.CONTENT_NOT_SUBMITTABLE');
    expect((await app.request('POST', `/api/v1/admin/contents/${id}/approve`, { token: moderator.token })).body.status).toBe(
      'published',
    );
  });

  it('shows preview lessons to anyone and the rest only to the creator, staff and entitled learners', async () => {
    const id = await publish(creator, { title: '付费课程' });
    const bodies = (response: { body: { lessons: { body: string | null }[] } }) =>
      response.body.lessons.map((lesson) => lesson.body);

    for (const token of [undefined, learner.token, otherCreator.token]) {
      const detail = await app.request('GET', `/api/v1/contents/${id}`, { token });
      expect(detail.status).toBe(200);
      expect(detail.body.access).toBe('preview');
      expect(detail.body.lessons.map((lesson: { title: string }) => lesson.title)).toEqual(['第一课：感知机', '第二课：反向传播']);
      expect(bodies(detail)).toEqual(['preview body: 感知机是最简单的神经网络', null]);
      expect(JSON.stringify(detail.body)).not.toContain('paid body');
    }
    for (const token of [creator.token, moderator.token, admin]) {
      const detail = await app.request('GET', `/api/v1/contents/${id}`, { token });
      expect(detail.body.access).toBe('full');
      expect(bodies(detail)).toEqual(['preview body: 感知机是最简单的神经网络', 'paid body: 链式法则']);
    }
    // Lists never carry lessons at all.
    expect(JSON.stringify(await listAll('q=付费课程'))).not.toContain('body');

    await app.sql(
      `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at) VALUES ('staff', $3, $2, $1, now(), now())`,
      [learner.id, id, randomUUID()],
    );
    const entitled = await app.request('GET', `/api/v1/contents/${id}`, { token: learner.token });
    expect(entitled.body.access).toBe('full');
    expect(bodies(entitled)).toEqual(['preview body: 感知机是最简单的神经网络', 'paid body: 链式法则']);
    const stillPreview = await app.request('GET', `/api/v1/contents/${id}`, { token: otherCreator.token });
    expect(stillPreview.body.access).toBe('preview');
  });

  it('searches titles and summaries, filters by tag and kind, and pages without duplicates', async () => {
    const tag = `t-${randomBytes(4).toString('hex')}`;
    const chinese = await publish(creator, { title: '深度学习入门（第二版）', tags: [tag] });
    const english = await publish(creator, { title: 'Deep Work', summary: 'Rules for focused success', tags: [tag], kind: 'article' });
    const percent = await publish(otherCreator, { title: '100% 专注', summary: '效率', tags: [tag], kind: 'audio' });
    const others = [];
    for (let i = 0; i < 4; i++) others.push(await publish(otherCreator, { title: `第${i}期 周刊`, summary: '杂谈', tags: [tag], kind: 'column' }));
    const hiddenDraft = await draft(creator, { title: '深度学习入门 草稿', tags: [tag] });

    const ids = async (query: string) => (await listAll(`tag=${tag}&${query}`)).map((item) => item.id);
    expect(await ids(`q=${encodeURIComponent('深度学习')}`)).toEqual([chinese]);
    expect(await ids(`q=${encodeURIComponent('学习入')}`)).toEqual([chinese]);
    expect(await ids('q=deep')).toEqual([english]);
    expect(await ids('q=FOCUSED')).toEqual([english]);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([percent]);
    expect(await ids('q=_')).toEqual([]);
    expect(await ids('kind=column')).toHaveLength(4);
    expect(await ids(`q=${encodeURIComponent('深度学习')}&kind=article`)).toEqual([]);
    expect((await listAll(`tag=${tag}x`)).length).toBe(0);

    const pages: any[][] = [];
    let cursor: string | null = null;
    do {
      const page: HttpResponse = await app.request('GET', `/api/v1/contents?tag=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const paged = pages.flat();
    expect(pages.length).toBe(4);
    expect(pages.slice(0, 3).every((page) => page.length === 2)).toBe(true);
    expect(new Set(paged.map((item) => item.id)).size).toBe(7);
    expect(paged.map((item) => item.id)).not.toContain(hiddenDraft);
    expect(paged.map((item) => item.id).sort()).toEqual([chinese, english, percent, ...others].sort());
    const published = paged.map((item) => Date.parse(item.publishedAt));
    expect(published).toEqual([...published].sort((a, b) => b - a));

    const badCursor = await app.request('GET', '/api/v1/contents?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('HTTP.INVALID_CURSOR');
  });

  it('refuses invalid drafts with the bad fields listed and writes nothing', async () => {
    const before = await contentEvents();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...draftBody(), sneaky: true }, 'sneaky'],
      [draftBody({ kind: 'podcast' }), 'kind'],
      [draftBody({ priceCents: -1 }), 'priceCents'],
      [draftBody({ tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }), 'tags'],
      [draftBody({ tags: ['ai', 'ai'] }), 'tags'],
      [draftBody({ currency: 'cny' }), 'currency'],
      [draftBody({ title: '' }), 'title'],
      [draftBody({ chapters: [{ title: '空章', lessons: [] }] }), 'chapters.0.lessons'],
      [draftBody({ kind: 'column', lessons: [{ title: '缺少 preview', body: 'x' }] }), 'lessons.0.preview'],
      [draftBody({ kind: 'column', lessons: [{ title: 'x', body: 'x', preview: true, secret: 1 }] }), 'lessons.0.secret'],
    ];
    for (const [body, field] of cases) {
      const response = await app.request('POST', '/api/v1/contents', { token: creator.token, body });
      expect(response.status, field).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field), field).toContain(field);
    }
    const several = await app.request('POST', '/api/v1/contents', {
      token: creator.token,
      body: { ...draftBody({ kind: 'podcast', priceCents: -5 }), extra: 1 },
    });
    expect(several.status).toBe(400);
    expect(several.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['kind', 'priceCents', 'extra']),
    );
    expect((await app.request('GET', '/api/v1/contents?status=archived')).status).toBe(400);
    expect(await contentEvents()).toBe(before);
  });
});
