import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, type LessonInput, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const DAY = 86_400_000;

/**
 * Kinds, revisions, enrolment and drip release through HTTP, on one app whose clock the test moves:
 * a time-released lesson is locked until its time, then opens, without sleeping.
 */
describe('content kinds, revisions, enrolment and drip release', () => {
  const clock = new TestClock();
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let moderatorToken: string;

  beforeAll(async () => {
    app = await TestApp.start({ clock });
    [creator, otherCreator] = await Promise.all([app.user('creator', ['creator']), app.user('other-creator', ['creator'])]);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const buy = async (learner: TestUser, contentId: string, priceCents: number) => {
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.status).toBe(201);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: priceCents })).status).toBe(200);
    return order.body.id as string;
  };
  const detail = async (contentId: string, token?: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token })).body;
  const learning = async (learner: TestUser) => (await app.request('GET', '/api/v1/me/learning', { token: learner.token })).body.items;
  const beat = (learner: TestUser, contentId: string, lessonId: string) =>
    app.request('POST', `/api/v1/me/learning/${contentId}/lessons/${lessonId}/progress`, { token: learner.token, body: { positionSeconds: 0 } });
  const revise = (contentId: string, body: Record<string, unknown>, token = creator.token) => app.request('PUT', `/api/v1/contents/${contentId}`, { token, body });
  const moderate = (contentId: string, decision: 'approve' | 'reject') =>
    app.request('POST', `/api/v1/admin/contents/${contentId}/${decision}`, { token: moderatorToken, body: decision === 'reject' ? { reason: '请修改' } : undefined });
  const enrolments = async (userId: string) =>
    app.sql(`SELECT content_id, enrolled_at, source FROM catalog_enrolments WHERE user_id = $1 ORDER BY enrolled_at`, [userId]);

  it('keeps a drip lesson locked until its time, in every view and for progress, then opens it as the clock moves', async () => {
    const onDate = new Date(clock.now().getTime() + 5 * DAY).toISOString();
    const lessons: LessonInput[] = [
      { title: '开篇', body: '免费试读', preview: true },
      { title: '第一讲', body: '第一讲正文', preview: false },
      { title: '第二讲', body: '第二讲正文（两天后）', preview: false, drip: { afterDays: 2 } },
      { title: '第三讲', body: '第三讲正文（定日）', preview: false, drip: { on: onDate } },
    ];
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 3000, lessons });
    const learner = await app.user('drip-learner');
    const stranger = await app.user('drip-stranger');
    await buy(learner, contentId, 3000);

    // Enrolled by the purchase itself: listed before any progress, with the lesson to start and the next to open.
    const [enrolment] = await enrolments(learner.id);
    expect(enrolment).toMatchObject({ content_id: contentId, source: 'order' });
    const enrolledAt = (enrolment.enrolled_at as Date).getTime();
    const ids = (await detail(contentId, learner.token)).lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[];
    const twoDaysIn = new Date(enrolledAt + 2 * DAY).toISOString();
    const [item] = await learning(learner);
    expect(item).toMatchObject({
      contentId,
      enrolledAt: new Date(enrolledAt).toISOString(),
      lessonCount: 4,
      completedLessons: 0,
      progress: 0,
      nextLesson: { lessonId: ids[0], positionSeconds: 0 },
      nextUnlock: { lessonId: ids[2], title: '第二讲', unlocksAt: twoDaysIn },
      lastActivityAt: null,
    });

    const locked = await detail(contentId, learner.token);
    expect(locked.access).toBe('full');
    expect(locked.lessons.map((lesson: { body: string | null; unlocksAt: string | null }) => [lesson.body, lesson.unlocksAt])).toEqual([
      ['免费试读', null],
      ['第一讲正文', null],
      [null, twoDaysIn],
      [null, onDate],
    ]);
    const refused = await beat(learner, contentId, ids[2]!);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CATALOG.LESSON_LOCKED', detail: `This lesson opens at ${twoDaysIn}.` });
    expect((await beat(learner, contentId, ids[1]!)).status).toBe(200);
    expect(await app.sql(`SELECT lesson_id FROM catalog_lesson_progress WHERE user_id = $1`, [learner.id])).toEqual([{ lesson_id: ids[1] }]);

    // A learner without the item gets previews only, locked or not, and keeps no progress.
    const outside = await detail(contentId, stranger.token);
    expect(outside.lessons.map((lesson: { body: string | null }) => lesson.body)).toEqual(['免费试读', null, null, null]);
    expect((await beat(stranger, contentId, ids[1]!)).body.code).toBe('CATALOG.NOT_ENROLLED');

    // Just before two days: still locked. Just after: open, everywhere.
    clock.advanceDays(2);
    clock.advanceMinutes(-1);
    expect((await beat(learner, contentId, ids[2]!)).body.code).toBe('CATALOG.LESSON_LOCKED');
    clock.advanceMinutes(2);
    const opened = await detail(contentId, learner.token);
    expect(opened.lessons.map((lesson: { body: string | null; unlocksAt: string | null }) => [lesson.body, lesson.unlocksAt])).toEqual([
      ['免费试读', null],
      ['第一讲正文', null],
      ['第二讲正文（两天后）', null],
      [null, onDate],
    ]);
    expect((await beat(learner, contentId, ids[2]!)).status).toBe(200);
    expect((await learning(learner))[0].nextUnlock).toEqual({ lessonId: ids[3], title: '第三讲', unlocksAt: onDate });

    // The dated lesson opens on its date for everyone entitled, whenever they enrolled.
    clock.advanceDays(3);
    expect((await detail(contentId, learner.token)).lessons[3].body).toBe('第三讲正文（定日）');
    expect((await learning(learner))[0].nextUnlock).toBeNull();
    // Still nothing for the learner without it: time opens lessons to the entitled only.
    expect((await detail(contentId, stranger.token)).lessons.map((lesson: { body: string | null }) => lesson.body)).toEqual(['免费试读', null, null, null]);
    expect(await learning(stranger)).toEqual([]);
  });

  it("counts drip days from each learner's own enrolment, recorded once however often access is granted", async () => {
    const contentId = await publishContent(app, creator, moderatorToken, {
      priceCents: 1000,
      lessons: [
        { title: '一', body: '一', preview: false },
        { title: '二', body: '十天后', preview: false, drip: { afterDays: 10 } },
      ],
    });
    const early = await app.user('early-learner');
    await buy(early, contentId, 1000);
    const late = await app.user('late-learner');
    // A staff grant enrols too; a second grant adds no second enrolment: the date stays the first.
    const admin = await app.adminToken();
    const grant = () =>
      app.request('POST', '/api/v1/admin/access-grants', {
        token: admin,
        headers: { 'idempotency-key': randomUUID() },
        body: { userId: late.id, contentId, reason: '讲师赠送' },
      });
    expect((await grant()).status).toBe(201);
    const [lateEnrolment] = await enrolments(late.id);
    expect(lateEnrolment).toMatchObject({ content_id: contentId, source: 'staff-grant' });
    expect((await grant()).status).toBe(201);
    expect(await enrolments(late.id)).toEqual([lateEnrolment]);
    const [earlyEnrolment] = await enrolments(early.id);
    const earlyOpens = (earlyEnrolment.enrolled_at as Date).getTime() + 10 * DAY;
    const lateOpens = (lateEnrolment.enrolled_at as Date).getTime() + 10 * DAY;
    expect(lateOpens).toBeGreaterThan(earlyOpens);

    // Between the two: open for the early learner, still locked for the late one, who is told when.
    clock.set(new Date(earlyOpens));
    expect((await detail(contentId, early.token)).lessons[1].body).toBe('十天后');
    const lateView = (await detail(contentId, late.token)).lessons[1];
    expect(lateView).toMatchObject({ body: null, unlocksAt: new Date(lateOpens).toISOString() });
    clock.set(new Date(lateOpens));
    expect((await detail(contentId, late.token)).lessons[1]).toMatchObject({ body: '十天后', unlocksAt: null });
  });

  it('gives the join link of a live session to entitled learners only, and only around its time; the replay follows', async () => {
    const startsAt = new Date(clock.now().getTime() + DAY).toISOString();
    const endsAt = new Date(clock.now().getTime() + DAY + 3_600_000).toISOString();
    const joinUrl = `https://meet.example.com/${randomUUID()}`;
    const contentId = await publishContent(app, creator, moderatorToken, { kind: 'live', priceCents: 500, lessons: [], live: { startsAt, endsAt, joinUrl } });
    const learner = await app.user('live-learner');
    const stranger = await app.user('live-stranger');
    await buy(learner, contentId, 500);
    const live = async (token?: string) => (await detail(contentId, token)).live;

    expect(await live(learner.token)).toEqual({ startsAt, endsAt, joinOpensAt: new Date(Date.parse(startsAt) - 15 * 60_000).toISOString(), joinUrl: null });
    expect((await live(creator.token)).joinUrl).toBe(joinUrl);
    clock.advanceDays(1);
    clock.advanceMinutes(-10);
    expect((await live(learner.token)).joinUrl).toBe(joinUrl);
    for (const token of [stranger.token, otherCreator.token, undefined]) expect((await live(token)).joinUrl).toBeNull();
    // The link is in no list either.
    const listed = await app.request('GET', '/api/v1/contents?kind=live', { token: stranger.token });
    expect(JSON.stringify(listed.body)).not.toContain(joinUrl);

    // Before the end, a replay is refused; after it, the replay is a revision like any other.
    const replay = { title: '回放', body: '回放说明', preview: false, format: 'video', durationSeconds: 3600 };
    const listing = { title: '直播', summary: 's', priceCents: 500, currency: 'CNY', tags: [], live: { startsAt, endsAt, joinUrl } };
    expect((await revise(contentId, { ...listing, lessons: [replay] })).body.code).toBe('CATALOG.REPLAY_BEFORE_END');
    clock.advanceMinutes(80);
    expect((await live(learner.token)).joinUrl).toBeNull();
    expect((await revise(contentId, { ...listing, lessons: [replay] })).status).toBe(200);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/submit`, { token: creator.token })).status).toBe(200);
    expect((await moderate(contentId, 'approve')).status).toBe(200);
    expect((await detail(contentId, learner.token)).lessons).toMatchObject([{ title: '回放', body: '回放说明', format: 'video', durationSeconds: 3600 }]);
    expect((await detail(contentId, stranger.token)).lessons[0].body).toBeNull();
  });

  it('refuses each kind a shape it cannot have, with a typed error and nothing written', async () => {
    const before = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_type = 'content'`);
    const base = { title: '形状', summary: 's', priceCents: 100, currency: 'CNY', tags: [] };
    const lesson = { title: '一', body: '一', preview: false };
    const past = new Date(clock.now().getTime() - 60_000).toISOString();
    const soon = new Date(clock.now().getTime() + 60_000).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'course', lessons: [lesson] }, 'CATALOG.COURSE_NEEDS_CHAPTERS'],
      [{ kind: 'column', chapters: [{ title: '章', lessons: [lesson] }] }, 'CATALOG.CHAPTERS_ONLY_FOR_COURSES'],
      [{ kind: 'column', lessons: [] }, 'CATALOG.LESSONS_REQUIRED'],
      [{ kind: 'audio', lessons: [lesson] }, 'CATALOG.LESSON_FORMAT_MISMATCH'],
      [{ kind: 'video', lessons: [{ ...lesson, format: 'video' }] }, 'CATALOG.DURATION_REQUIRED'],
      [{ kind: 'column', lessons: [{ ...lesson, preview: true, drip: { afterDays: 1 } }] }, 'CATALOG.DRIP_ON_PREVIEW'],
      [{ kind: 'column', lessons: [{ ...lesson, drip: { afterDays: 1, on: soon } }] }, 'CATALOG.DRIP_AMBIGUOUS'],
      [{ kind: 'column', lessons: [{ ...lesson, drip: {} }] }, 'CATALOG.DRIP_AMBIGUOUS'],
      [{ kind: 'live', lessons: [] }, 'CATALOG.LIVE_SCHEDULE_REQUIRED'],
      [{ kind: 'live', live: { startsAt: past, endsAt: soon, joinUrl: 'https://x.example.com/a' } }, 'CATALOG.LIVE_START_IN_PAST'],
      [{ kind: 'live', live: { startsAt: soon, endsAt: soon, joinUrl: 'https://x.example.com/a' } }, 'CATALOG.LIVE_SCHEDULE_INVALID'],
      [{ kind: 'article', lessons: [lesson], live: { startsAt: soon, endsAt: soon, joinUrl: 'https://x.example.com/a' } }, 'CATALOG.SCHEDULE_ONLY_FOR_LIVE_SESSIONS'],
    ];
    for (const [shape, code] of cases) {
      const response = await app.request('POST', '/api/v1/contents', { token: creator.token, body: { ...base, ...shape } });
      expect([response.status, response.body.code], code).toEqual([422, code]);
    }
    // Malformed parts are a 400 before any rule: a join link that is not https, a date that is not one, a drip of 0 days.
    for (const [shape, field] of [
      [{ kind: 'live', live: { startsAt: soon, endsAt: soon, joinUrl: 'javascript:alert(1)' } }, 'live.joinUrl'],
      [{ kind: 'live', live: { startsAt: '明天', endsAt: soon, joinUrl: 'https://x.example.com/a' } }, 'live.startsAt'],
      [{ kind: 'column', lessons: [{ ...lesson, drip: { afterDays: 0 } }] }, 'lessons.0.drip.afterDays'],
      [{ kind: 'column', lessons: [{ ...lesson, format: 'podcast' }] }, 'lessons.0.format'],
    ] as [Record<string, unknown>, string][]) {
      const response = await app.request('POST', '/api/v1/contents', { token: creator.token, body: { ...base, ...shape } });
      expect(response.status, field).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field), field).toContain(field);
    }
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_type = 'content'`)).toEqual(before);
  });
  describe('revisions of what is published', () => {
    const lessons: LessonInput[] = [
      { title: '第一讲', body: '第一讲（第一版）', preview: true },
      { title: '第二讲', body: '第二讲（第一版）', preview: false },
    ];
    const listing = { title: '专栏·第一版', summary: '每周一期', priceCents: 2000, currency: 'CNY', tags: ['weekly'] };

    it('keeps the approved revision live for learners and lists while the next one is reviewed; approving swaps them, with no new purchase', async () => {
      const contentId = await publishContent(app, creator, moderatorToken, { kind: 'column', ...listing, lessons });
      const buyer = await app.user('column-buyer');
      const later = await app.user('column-later-buyer');
      const stranger = await app.user('column-stranger');
      await buy(buyer, contentId, 2000);
      // An order placed at the first price, still open when the new price is approved.
      const openOrder = await placeOrder(app, later, [contentId]);
      expect(openOrder.status).toBe(201);
      const ids = (await detail(contentId, buyer.token)).lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[];

      // The next instalment, a corrected lesson and a new price: a revision, pending.
      const revision = {
        ...listing,
        title: '专栏·第二版',
        priceCents: 3000,
        lessons: [
          { lessonId: ids[0], title: '第一讲', body: '第一讲（第一版）', preview: true },
          { lessonId: ids[1], title: '第二讲（修订）', body: '第二讲（第二版）', preview: false },
          { title: '第三讲', body: '第三讲：新的一期', preview: false },
        ],
      };
      const revised = await revise(contentId, revision);
      expect(revised.status).toBe(200);
      expect(revised.body).toMatchObject({ title: '专栏·第一版', revision: 1, lessonCount: 2, pendingRevision: { revision: 2, status: 'draft', title: '专栏·第二版' } });
      expect(revised.body.pendingRevision.lessons.map((lesson: { title: string }) => lesson.title)).toEqual(['第一讲', '第二讲（修订）', '第三讲']);
      // Learners, strangers and lists see the live one, and nothing of the revision.
      for (const token of [buyer.token, stranger.token, undefined]) {
        const seen = await detail(contentId, token);
        expect(seen).toMatchObject({ title: '专栏·第一版', priceCents: 2000, revision: 1, pendingRevision: null });
        expect(JSON.stringify(seen)).not.toContain('第三讲');
      }
      const listed = (await app.request('GET', '/api/v1/contents?kind=column&limit=100')).body.items.find((item: { id: string }) => item.id === contentId);
      expect(listed).toMatchObject({ title: '专栏·第一版', priceCents: 2000, lessonCount: 2 });

      // Another creator can neither revise nor submit it, nor see that a revision exists.
      const foreign = await revise(contentId, revision, otherCreator.token);
      expect([foreign.status, foreign.body.code]).toEqual([404, 'CATALOG.CONTENT_NOT_FOUND']);
      expect((await app.request('POST', `/api/v1/contents/${contentId}/submit`, { token: otherCreator.token })).status).toBe(404);
      expect((await detail(contentId, otherCreator.token)).pendingRevision).toBeNull();
      const learnerRevises = await revise(contentId, revision, buyer.token);
      expect([learnerRevises.status, learnerRevises.body.code]).toEqual([403, 'AUTHZ.FORBIDDEN']);

      // Rejected: the live one stays as it was. Resubmitted and approved: it becomes the live one.
      expect((await app.request('POST', `/api/v1/contents/${contentId}/submit`, { token: creator.token })).status).toBe(200);
      // The moderators' queue shows it; a learner may not read the queue.
      const queue = await app.request('GET', '/api/v1/admin/contents/revisions?limit=100', { token: moderatorToken });
      expect(queue.body.items.find((item: { contentId: string }) => item.contentId === contentId)).toMatchObject({
        liveTitle: '专栏·第一版',
        title: '专栏·第二版',
        revision: 2,
        creatorId: creator.id,
      });
      expect((await app.request('GET', '/api/v1/admin/contents/revisions', { token: buyer.token })).status).toBe(403);
      const whileInReview = await revise(contentId, revision);
      expect([whileInReview.status, whileInReview.body.code]).toEqual([409, 'CATALOG.REVISION_IN_REVIEW']);
      const rejected = await moderate(contentId, 'reject');
      expect(rejected.body).toMatchObject({ title: '专栏·第一版', revision: 1, pendingRevision: { status: 'rejected', rejectionReason: '请修改' } });
      expect((await detail(contentId, buyer.token)).lessons.map((lesson: { body: string }) => lesson.body)).toEqual(['第一讲（第一版）', '第二讲（第一版）']);
      expect((await app.request('POST', `/api/v1/contents/${contentId}/submit`, { token: creator.token })).status).toBe(200);
      const approved = await moderate(contentId, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ title: '专栏·第二版', priceCents: 3000, revision: 2, lessonCount: 3, pendingRevision: null });
      expect(approved.body.publishedAt).toBe(revised.body.publishedAt);

      // The buyer reads the new instalment without buying again; the stranger still gets the preview only.
      const afterApproval = await detail(contentId, buyer.token);
      expect(afterApproval.lessons.map((lesson: { lessonId: string; body: string }) => [lesson.lessonId === ids[0] || lesson.lessonId === ids[1], lesson.body])).toEqual([
        [true, '第一讲（第一版）'],
        [true, '第二讲（第二版）'],
        [false, '第三讲：新的一期'],
      ]);
      expect((await detail(contentId, stranger.token)).lessons.map((lesson: { body: string | null }) => lesson.body)).toEqual(['第一讲（第一版）', null, null]);
      expect((await beat(buyer, contentId, afterApproval.lessons[2].lessonId)).status).toBe(200);
      expect((await learning(buyer))[0]).toMatchObject({ contentId, title: '专栏·第二版', lessonCount: 3 });

      // The approval told other domains with the same event shape: a new price for new orders, the open one keeps its own.
      const events = await app.sql(`SELECT data FROM events WHERE stream_id = $1 AND type = 'catalog.content-approved' ORDER BY version`, [`content-${contentId}`]);
      expect(events.map((event) => [event.data.priceCents, event.data.revision])).toEqual([
        [2000, undefined],
        [3000, 2],
      ]);
      expect((await placeOrder(app, stranger, [contentId])).body.totalCents).toBe(3000);
      expect((await deliverWebhook(app, { paymentId: openOrder.body.payment.id, amountCents: 2000 })).status).toBe(200);
      expect((await detail(contentId, later.token)).lessons[2].body).toBe('第三讲：新的一期');
      const [paid] = await app.sql(`SELECT status FROM commerce_orders WHERE id = $1`, [openOrder.body.id]);
      expect(paid.status).toBe('paid');
    });

    it('refuses a revision that would take a published lesson from its buyers, or reorder a column, and writes nothing', async () => {
      const contentId = await publishContent(app, creator, moderatorToken, { kind: 'column', ...listing, lessons });
      const ids = (await detail(contentId, creator.token)).lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[];
      const version = async () => (await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [`content-${contentId}`]))[0].n;
      const before = await version();
      const attempts: [unknown[], number, string][] = [
        [[{ lessonId: ids[0], title: '一', body: '一', preview: true }], 422, 'CATALOG.REVISION_DROPS_LESSON'],
        [[{ lessonId: ids[1], title: '二', body: '二', preview: false }, { lessonId: ids[0], title: '一', body: '一', preview: true }], 422, 'CATALOG.COLUMN_REORDERED'],
        [[{ lessonId: ids[0], title: '一', body: '一', preview: true }, { lessonId: ids[0], title: '一', body: '一', preview: true }], 422, 'CATALOG.LESSON_TWICE'],
        [[{ lessonId: ids[0], title: '一', body: '一', preview: true }, { lessonId: randomUUID(), title: '二', body: '二', preview: false }], 404, 'CATALOG.LESSON_NOT_FOUND'],
      ];
      for (const [revisedLessons, status, code] of attempts) {
        const response = await revise(contentId, { ...listing, lessons: revisedLessons });
        expect([response.status, response.body.code], code).toEqual([status, code]);
      }
      // Unexpected or outsized input is a 400: the kind cannot change, a title of 10,000 characters, a NUL.
      for (const body of [
        { ...listing, kind: 'course', lessons },
        { ...listing, title: '长'.repeat(10_000), lessons },
        { ...listing, summary: 'a\u0000b', lessons },
      ]) {
        expect((await revise(contentId, body)).status).toBe(400);
      }
      // A draft is not revised, and a content that does not exist is not found.
      const draft = await app.request('POST', '/api/v1/contents', { token: creator.token, body: { kind: 'column', ...listing, lessons } });
      expect((await revise(draft.body.id, { ...listing, lessons })).body.code).toBe('CATALOG.CONTENT_NOT_REVISABLE');
      expect((await revise(randomUUID(), { ...listing, lessons })).status).toBe(404);
      expect(await version()).toBe(before);
    });

    it('takes one of thirty revisions sent at once, and none is lost half-written', async () => {
      const contentId = await publishContent(app, creator, moderatorToken, { kind: 'column', ...listing, lessons });
      const ids = (await detail(contentId, creator.token)).lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[];
      const kept = lessons.map((lesson, index) => ({ ...lesson, lessonId: ids[index] }));
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, index) => revise(contentId, { ...listing, title: `第${index}稿`, lessons: [...kept, { title: `新一期${index}`, body: 'x', preview: false }] })),
      );
      expect(responses.every((response) => response.status === 200 || response.body.code === 'EVENT_STORE.VERSION_CONFLICT')).toBe(true);
      const winners = responses.filter((response) => response.status === 200).length;
      expect(winners).toBeGreaterThan(0);
      const [row] = await app.sql(`SELECT pending, revision_status, revision, title FROM catalog_contents WHERE id = $1`, [contentId]);
      expect(row).toMatchObject({ revision_status: 'draft', revision: 1, title: listing.title });
      const drafted = await app.sql(`SELECT data FROM events WHERE stream_id = $1 AND type = 'catalog.revision-drafted' ORDER BY version DESC LIMIT 1`, [`content-${contentId}`]);
      expect(row.pending).toEqual((({ contentId: _id, ...rest }) => rest)(drafted[0].data));
      expect(winners).toBe((await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'catalog.revision-drafted'`, [`content-${contentId}`]))[0].n);
    });
  });
});
