import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { ContentApproved, ContentDrafted, ContentEvent, ContentKind, DraftedLesson, LiveSchedule } from './catalog-events.js';
import { type ContentCommand, contentDecider, type RevisedLesson } from './content.js';

const contentId = '7b0f1c1e-4a39-4c8e-9d6f-0d5a8f1e2c3b';
const creatorId = '3e2a8f4b-1c5d-4e6f-8a9b-0c1d2e3f4a5b';
const moderatorId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = '2026-11-27T08:00:00.000Z';
const LATER = '2026-12-01T09:00:00.000Z';
const LATEST = '2026-12-02T10:00:00.000Z';

const listing = {
  contentId,
  creatorId,
  kind: 'course' as const,
  title: '深度学习入门',
  summary: '从零开始',
  priceCents: 9900,
  currency: 'CNY',
  tags: ['ai'],
};
const chapters = [{ chapterId: 'ch-1', title: '第一章' }];
const first: DraftedLesson = { lessonId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', title: '第一课', body: '正文', preview: true, chapterId: 'ch-1' };
const second: DraftedLesson = { lessonId: 'l-2', title: '第二课', body: '更多', preview: false, chapterId: 'ch-1', drip: { afterDays: 7 } };
const lessons = [first, second];

const drafted: ContentDrafted = { type: 'catalog.content-drafted', data: { ...listing, lessons, chapters } };
const submitted: ContentEvent = { type: 'catalog.content-submitted', data: { contentId } };
const rejected: ContentEvent = { type: 'catalog.content-rejected', data: { contentId, moderatorId, reason: '标题不清楚' } };
const approved: ContentApproved = { type: 'catalog.content-approved', data: { ...listing, moderatorId, publishedAt: NOW } };
const published = [drafted, submitted, approved];

const { given } = deciderSpec(contentDecider);
/** A revision drafted, submitted and approved: the live listing is the revised one. */
const approvedRevisionHistory = (): ContentEvent[] => [revisionDrafted, revisionSubmitted, revisionApproved];

const draft: ContentCommand = { type: 'DraftContent', now: NOW, ...listing, lessons, chapters };
const submit: ContentCommand = { type: 'SubmitContent' };
const approve: ContentCommand = { type: 'ApproveContent', moderatorId, now: NOW };
const reject: ContentCommand = { type: 'RejectContent', moderatorId, reason: '标题不清楚' };

const revisedListing = { title: '深度学习入门（第二版）', summary: '更新', priceCents: 12900, currency: 'CNY', tags: ['ai', 'v2'] };
const third: RevisedLesson = { title: '第三课', body: '新的', preview: false, chapterId: 'ch-1' };
const revise = (revisedLessons: RevisedLesson[] = [first, second, third], extra: Partial<Extract<ContentCommand, { type: 'ReviseContent' }>> = {}): ContentCommand => ({
  type: 'ReviseContent',
  now: LATER,
  ...revisedListing,
  lessons: revisedLessons,
  newLessonIds: ['l-3', 'l-4'],
  chapters,
  ...extra,
});
const revisionDrafted: ContentEvent = {
  type: 'catalog.revision-drafted',
  data: { contentId, revision: 2, ...revisedListing, lessons: [first, second, { ...third, lessonId: 'l-3' }], chapters },
};
const revisionSubmitted: ContentEvent = { type: 'catalog.revision-submitted', data: { contentId, revision: 2 } };
const revisionRejected: ContentEvent = { type: 'catalog.revision-rejected', data: { contentId, revision: 2, moderatorId, reason: '价格不合理' } };
const revisionApproved: ContentApproved = {
  type: 'catalog.content-approved',
  data: { ...listing, ...revisedListing, moderatorId, publishedAt: NOW, revision: 2, revisedAt: NOW },
};

/** A one-kind draft with these lessons (and, for a course or a live session, what else is given). */
const draftOf = (kind: ContentKind, draftLessons: DraftedLesson[], extra: { chapters?: typeof chapters; live?: LiveSchedule; now?: string } = {}): ContentCommand => ({
  type: 'DraftContent',
  now: NOW,
  ...listing,
  kind,
  lessons: draftLessons,
  ...extra,
});
const article: DraftedLesson = { lessonId: 'a-1', title: '正文', body: '一篇文章', preview: false };
const audio: DraftedLesson = { lessonId: 'a-2', title: '音频', body: '文稿', preview: false, format: 'audio', durationSeconds: 600 };
const schedule: LiveSchedule = { startsAt: '2026-11-28T12:00:00.000Z', endsAt: '2026-11-28T13:00:00.000Z', joinUrl: 'https://meet.example.com/1' };

describe('contentDecider', () => {
  describe('DraftContent', () => {
    it('drafts on an empty stream', () => given([]).when(draft).then([drafted]));
    it('refuses a second draft on the same stream', () => given([drafted]).when(draft).thenRefuses('CATALOG.CONTENT_EXISTS', 'conflict'));
  });

  describe('the shape of each kind', () => {
    it('drafts an article, an audio item, a column and a live session', () => {
      given([]).when(draftOf('article', [article])).then([{ type: 'catalog.content-drafted', data: { ...listing, kind: 'article', lessons: [article] } }]);
      given([]).when(draftOf('audio', [audio])).then([{ type: 'catalog.content-drafted', data: { ...listing, kind: 'audio', lessons: [audio] } }]);
      given([]).when(draftOf('column', [article, audio])).then([{ type: 'catalog.content-drafted', data: { ...listing, kind: 'column', lessons: [article, audio] } }]);
      given([]).when(draftOf('live', [], { live: schedule })).then([{ type: 'catalog.content-drafted', data: { ...listing, kind: 'live', lessons: [], live: schedule } }]);
    });
    it('refuses a course without chapters', () => given([]).when(draftOf('course', [article])).thenRefuses('CATALOG.COURSE_NEEDS_CHAPTERS', 'invalid'));
    it('refuses a course with no chapter at all', () =>
      given([]).when(draftOf('course', [], { chapters: [] })).thenRefuses('CATALOG.COURSE_NEEDS_CHAPTERS', 'invalid'));
    it('refuses a course lesson outside its chapters', () =>
      given([]).when(draftOf('course', [first, { ...article, chapterId: 'elsewhere' }], { chapters })).thenRefuses('CATALOG.COURSE_NEEDS_CHAPTERS', 'invalid'));
    it('refuses a chapter with no lesson', () => {
      const error = given([])
        .when(draftOf('course', [first], { chapters: [...chapters, { chapterId: 'ch-2', title: '空章' }] }))
        .thenRefuses('CATALOG.CHAPTER_EMPTY', 'invalid');
      expect(error.details).toEqual({ chapter: '空章' });
    });
    it('refuses chapters on anything but a course', () =>
      given([]).when(draftOf('column', [article], { chapters })).thenRefuses('CATALOG.CHAPTERS_ONLY_FOR_COURSES', 'invalid'));
    it('refuses an item of no lesson, but a live session', () =>
      given([]).when(draftOf('article', [])).thenRefuses('CATALOG.LESSONS_REQUIRED', 'invalid'));
    it('refuses more lessons than an item can carry', () => {
      const many = Array.from({ length: 501 }, (_, index) => ({ ...article, lessonId: `m-${index}` }));
      given([]).when(draftOf('column', many)).thenRefuses('CATALOG.TOO_MANY_LESSONS', 'invalid');
      given([]).when(draftOf('column', many.slice(1))).then([{ type: 'catalog.content-drafted', data: { ...listing, kind: 'column', lessons: many.slice(1) } }]);
    });
    it('refuses a lesson of another medium in an article, audio or video item', () => {
      given([]).when(draftOf('article', [audio])).thenRefuses('CATALOG.LESSON_FORMAT_MISMATCH', 'invalid');
      given([]).when(draftOf('audio', [article])).thenRefuses('CATALOG.LESSON_FORMAT_MISMATCH', 'invalid');
      given([]).when(draftOf('video', [audio])).thenRefuses('CATALOG.LESSON_FORMAT_MISMATCH', 'invalid');
    });
    it('refuses an audio or video lesson without its duration', () =>
      given([]).when(draftOf('column', [{ ...audio, durationSeconds: undefined }])).thenRefuses('CATALOG.DURATION_REQUIRED', 'invalid'));
    it('refuses a preview lesson released later', () =>
      given([]).when(draftOf('column', [{ ...article, preview: true, drip: { afterDays: 1 } }])).thenRefuses('CATALOG.DRIP_ON_PREVIEW', 'invalid'));
    it('refuses a live session without its schedule', () =>
      given([]).when(draftOf('live', [])).thenRefuses('CATALOG.LIVE_SCHEDULE_REQUIRED', 'invalid'));
    it('refuses a schedule on anything but a live session', () =>
      given([]).when(draftOf('article', [article], { live: schedule })).thenRefuses('CATALOG.SCHEDULE_ONLY_FOR_LIVE_SESSIONS', 'invalid'));
    it('refuses a live session that would start in the past, or now', () => {
      given([]).when(draftOf('live', [], { live: schedule, now: schedule.startsAt })).thenRefuses('CATALOG.LIVE_START_IN_PAST', 'invalid');
      given([]).when(draftOf('live', [], { live: schedule, now: '2026-11-28T11:59:59.999Z' })).then([
        { type: 'catalog.content-drafted', data: { ...listing, kind: 'live', lessons: [], live: schedule } },
      ]);
    });
    it('refuses a live session that ends before it starts, or runs over a day', () => {
      given([]).when(draftOf('live', [], { live: { ...schedule, endsAt: schedule.startsAt } })).thenRefuses('CATALOG.LIVE_SCHEDULE_INVALID', 'invalid');
      given([]).when(draftOf('live', [], { live: { ...schedule, endsAt: '2026-11-29T12:00:00.001Z' } })).thenRefuses('CATALOG.LIVE_SCHEDULE_INVALID', 'invalid');
      given([]).when(draftOf('live', [], { live: { ...schedule, endsAt: '2026-11-29T12:00:00.000Z' } })).then([
        { type: 'catalog.content-drafted', data: { ...listing, kind: 'live', lessons: [], live: { ...schedule, endsAt: '2026-11-29T12:00:00.000Z' } } },
      ]);
    });
    it('refuses a replay before the session has ended', () =>
      given([]).when(draftOf('live', [article], { live: schedule })).thenRefuses('CATALOG.REPLAY_BEFORE_END', 'invalid'));
  });

  describe('SubmitContent', () => {
    it('submits a draft', () => given([drafted]).when(submit).then([submitted]));
    it('resubmits rejected content', () => given([drafted, submitted, rejected]).when(submit).then([submitted]));
    it('refuses content already in review', () => given([drafted, submitted]).when(submit).thenRefuses('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict'));
    it('refuses published content with no revision', () => given(published).when(submit).thenRefuses('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict'));
    it('submits the revision of published content', () => given([...published, revisionDrafted]).when(submit).then([revisionSubmitted]));
    it('resubmits a rejected revision', () =>
      given([...published, revisionDrafted, revisionSubmitted, revisionRejected]).when(submit).then([revisionSubmitted]));
    it('refuses a revision already in review', () =>
      given([...published, revisionDrafted, revisionSubmitted]).when(submit).thenRefuses('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict'));
    it('does not know content that was never drafted', () => given([]).when(submit).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
  });

  describe('ApproveContent', () => {
    it('publishes content in review with its whole listing', () => given([drafted, submitted]).when(approve).then([approved]));
    it('refuses a draft that was never submitted', () => given([drafted]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses content already published', () => given(published).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses rejected content until it is resubmitted', () =>
      given([drafted, submitted, rejected]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('approves after a rejection and a resubmission', () => given([drafted, submitted, rejected, submitted]).when(approve).then([approved]));
    it('does not know content that was never drafted', () => given([]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
    it('makes a revision in review the live one, keeping the first publication date', () =>
      given([...published, revisionDrafted, revisionSubmitted]).when(approve).then([revisionApproved]));
    it('refuses a revision not submitted yet', () =>
      given([...published, revisionDrafted]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses a rejected revision', () =>
      given([...published, revisionDrafted, revisionSubmitted, revisionRejected]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
      describe("a column's revision", () => {
      const columnPublished = [
        { type: 'catalog.content-drafted', data: { ...listing, kind: 'column', lessons: [article] } },
        submitted,
        { ...approved, data: { ...approved.data, kind: 'column' } },
      ] as ContentEvent[];
      const third: DraftedLesson = { lessonId: 'l-3', title: '第三期', body: '新一期', preview: false };
      const fourth: DraftedLesson = { lessonId: 'l-4', title: '第四期', body: '再一期', preview: false };
      const revisionOf = (revisedLessons: DraftedLesson[]): ContentEvent[] => [
        { type: 'catalog.revision-drafted', data: { contentId, revision: 2, ...revisedListing, lessons: revisedLessons } },
        revisionSubmitted,
      ];
      const columnRevisionApproved: ContentEvent = { ...revisionApproved, data: { ...revisionApproved.data, kind: 'column' } };
      const instalment = (lesson: DraftedLesson): ContentEvent => ({
        type: 'catalog.instalment-published',
        data: { contentId, creatorId, columnTitle: revisedListing.title, lessonId: lesson.lessonId, title: lesson.title, publishedAt: NOW },
      });

      it('publishes each lesson added at its end as an instalment, in order, after the approval', () =>
        given([...columnPublished, ...revisionOf([article, third, fourth])])
          .when(approve)
          .then([columnRevisionApproved, instalment(third), instalment(fourth)]));
      it('publishes no instalment when the revision only edits the published lessons', () =>
        given([...columnPublished, ...revisionOf([{ ...article, body: '改正' }])])
          .when(approve)
          .then([columnRevisionApproved]));
      it('publishes no instalment on the first publication: the column itself is announced', () =>
        given(columnPublished.slice(0, 2)).when(approve).then([{ ...approved, data: { ...approved.data, kind: 'column' } }]));
      it('counts from the lessons live before this revision, not from an earlier one', () =>
        given([
          ...columnPublished,
          ...revisionOf([article, third]),
          columnRevisionApproved,
          { type: 'catalog.revision-drafted', data: { contentId, revision: 3, ...revisedListing, lessons: [article, third, fourth] } },
          { type: 'catalog.revision-submitted', data: { contentId, revision: 3 } },
        ])
          .when(approve)
          .then([{ ...columnRevisionApproved, data: { ...columnRevisionApproved.data, revision: 3 } } as ContentEvent, instalment(fourth)]));
    });
  });

  describe('RejectContent', () => {
    it('rejects content in review with the reason', () => given([drafted, submitted]).when(reject).then([rejected]));
    it('refuses a draft', () => given([drafted]).when(reject).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses published content', () => given(published).when(reject).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('does not know content that was never drafted', () => given([]).when(reject).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
    it('rejects a revision in review, and only the revision', () =>
      given([...published, revisionDrafted, revisionSubmitted])
        .when({ ...reject, reason: '价格不合理' })
        .then([revisionRejected]));
    it('refuses a revision not submitted yet', () =>
      given([...published, revisionDrafted]).when(reject).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
  });

  describe('ReviseContent', () => {
    it('drafts revision 2 of published content, naming the new lessons', () => given(published).when(revise()).then([revisionDrafted]));
    it('edits a revision not yet submitted, and one that was rejected, under the same number', () => {
      given([...published, revisionDrafted]).when(revise()).then([revisionDrafted]);
      given([...published, revisionDrafted, revisionSubmitted, revisionRejected]).when(revise()).then([revisionDrafted]);
    });
    it('may refer to a lesson the pending revision added', () =>
      given([...published, revisionDrafted])
        .when(revise([first, second, { ...third, lessonId: 'l-3' }]))
        .then([revisionDrafted]));
    it('numbers the next revision after the live one', () =>
      given([...published, revisionDrafted, revisionSubmitted, revisionApproved])
        .when(revise([first, second, { ...third, lessonId: 'l-3' }]))
        .then([{ ...revisionDrafted, data: { ...revisionDrafted.data, revision: 3 } } as ContentEvent]));
    it('does not know content that was never drafted', () => given([]).when(revise()).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
    it('refuses content never published (a draft is changed before it is submitted)', () => {
      given([drafted]).when(revise()).thenRefuses('CATALOG.CONTENT_NOT_REVISABLE', 'conflict');
      given([drafted, submitted]).when(revise()).thenRefuses('CATALOG.CONTENT_NOT_REVISABLE', 'conflict');
    });
    it('refuses while a revision is in review', () =>
      given([...published, revisionDrafted, revisionSubmitted]).when(revise()).thenRefuses('CATALOG.REVISION_IN_REVIEW', 'conflict'));
    it('refuses a revision that drops a published lesson', () => {
      const error = given(published).when(revise([first, third])).thenRefuses('CATALOG.REVISION_DROPS_LESSON', 'invalid');
      expect(error.details).toEqual({ lesson: '第二课' });
    });
    it('refuses a lesson id the content does not have', () =>
      given(published).when(revise([first, second, { ...third, lessonId: 'elsewhere' }])).thenRefuses('CATALOG.LESSON_NOT_FOUND', 'not_found'));
    it('refuses a lesson listed twice', () => given(published).when(revise([first, second, first])).thenRefuses('CATALOG.LESSON_TWICE', 'invalid'));
    it('checks the shape of the revision as of its kind', () =>
      given(published).when(revise([first, second], { chapters: undefined })).thenRefuses('CATALOG.COURSE_NEEDS_CHAPTERS', 'invalid'));
    it('grows a column at its end only', () => {
      const column = [
        { type: 'catalog.content-drafted', data: { ...listing, kind: 'column', lessons: [article, { ...article, lessonId: 'a-9' }] } },
        submitted,
        { ...approved, data: { ...approved.data, kind: 'column' } },
      ] as ContentEvent[];
      const next: RevisedLesson = { title: '第三期', body: '新一期', preview: false };
      given(column)
        .when(revise([article, { ...article, lessonId: 'a-9' }, next], { chapters: undefined }))
        .then([
          {
            type: 'catalog.revision-drafted',
            data: { contentId, revision: 2, ...revisedListing, lessons: [article, { ...article, lessonId: 'a-9' }, { ...next, lessonId: 'l-3' }] },
          },
        ]);
      given(column).when(revise([next, article, { ...article, lessonId: 'a-9' }], { chapters: undefined })).thenRefuses('CATALOG.COLUMN_REORDERED', 'invalid');
      given(column).when(revise([{ ...article, lessonId: 'a-9' }, article], { chapters: undefined })).thenRefuses('CATALOG.COLUMN_REORDERED', 'invalid');
      // One instalment out of place among others left where they were is a reordering too.
      const three = [
        { type: 'catalog.content-drafted', data: { ...listing, kind: 'column', lessons: [article, { ...article, lessonId: 'a-9' }, { ...article, lessonId: 'a-10' }] } },
        submitted,
        { ...approved, data: { ...approved.data, kind: 'column' } },
      ] as ContentEvent[];
      given(three)
        .when(revise([article, { ...article, lessonId: 'a-10' }, { ...article, lessonId: 'a-9' }], { chapters: undefined }))
        .thenRefuses('CATALOG.COLUMN_REORDERED', 'invalid');
    });
    it("may reorder a course's lessons (only a column's published order is fixed)", () =>
      given(published)
        .when(revise([second, first, third]))
        .then([{ ...revisionDrafted, data: { ...revisionDrafted.data, lessons: [second, first, { ...third, lessonId: 'l-3' }] } } as ContentEvent]));
    describe('a live session', () => {
      const live = [
        { type: 'catalog.content-drafted', data: { ...listing, kind: 'live', lessons: [], live: schedule } },
        submitted,
        { ...approved, data: { ...approved.data, kind: 'live' } },
      ] as ContentEvent[];
      const replay: RevisedLesson = { title: '回放', body: '回放说明', preview: false, format: 'video', durationSeconds: 3600 };
      const reviseLive = (now: string, lessonsOfIt: RevisedLesson[], liveOfIt: LiveSchedule = schedule) =>
        revise(lessonsOfIt, { now, chapters: undefined, live: liveOfIt });
      it('gets its replay once it has ended', () =>
        given(live)
          .when(reviseLive('2026-11-28T13:00:00.000Z', [replay]))
          .then([{ type: 'catalog.revision-drafted', data: { contentId, revision: 2, ...revisedListing, lessons: [{ ...replay, lessonId: 'l-3' }], live: schedule } }]));
      it('refuses a replay before the end', () =>
        given(live).when(reviseLive('2026-11-28T12:59:59.999Z', [replay])).thenRefuses('CATALOG.REPLAY_BEFORE_END', 'invalid'));
      it('may be moved to a later time before it starts', () => {
        const moved = { ...schedule, startsAt: '2026-11-28T14:00:00.000Z', endsAt: '2026-11-28T15:00:00.000Z' };
        given(live)
          .when(reviseLive(NOW, [], moved))
          .then([{ type: 'catalog.revision-drafted', data: { contentId, revision: 2, ...revisedListing, lessons: [], live: moved } }]);
      });
      it('refuses to move a session that has started', () =>
        given(live)
          .when(reviseLive(schedule.startsAt, [], { ...schedule, endsAt: '2026-11-28T14:00:00.000Z' }))
          .thenRefuses('CATALOG.LIVE_ALREADY_STARTED', 'invalid'));
      it('refuses to move a session into the past', () =>
        given(live)
          .when(reviseLive(NOW, [], { ...schedule, startsAt: '2026-11-27T07:00:00.000Z', endsAt: '2026-11-27T09:00:00.000Z' }))
          .thenRefuses('CATALOG.LIVE_START_IN_PAST', 'invalid'));
      it('keeps its schedule without a check when it does not change', () =>
        given(live)
          .when(reviseLive('2026-11-28T12:30:00.000Z', []))
          .then([{ type: 'catalog.revision-drafted', data: { contentId, revision: 2, ...revisedListing, lessons: [], live: schedule } }]));
    });
  });

  describe('taking an item off the catalogue', () => {
    const unpublished: ContentEvent = { type: 'catalog.content-unpublished', data: { contentId, creatorId, unpublishedAt: LATER } };
    const hidden: ContentEvent = { type: 'catalog.content-hidden', data: { contentId, creatorId, moderatorId, reason: '侵权', hiddenAt: LATER } };
    const unpublish: ContentCommand = { type: 'UnpublishContent', now: LATER };
    const republish: ContentCommand = { type: 'RepublishContent', now: LATER };
    const hide: ContentCommand = { type: 'HideContent', moderatorId, reason: '侵权', now: LATER };

    it('unpublishes a published item', () => given(published).when(unpublish).then([unpublished]));
    it('refuses to unpublish what was never published', () => {
      given([]).when(unpublish).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found');
      given([drafted, submitted]).when(unpublish).thenRefuses('CATALOG.CONTENT_NOT_PUBLISHED', 'conflict');
    });
    it('refuses to unpublish twice', () => given([...published, unpublished]).when(unpublish).thenRefuses('CATALOG.CONTENT_NOT_PUBLISHED', 'conflict'));
    it('refuses to unpublish a hidden item', () => given([...published, hidden]).when(unpublish).thenRefuses('CATALOG.CONTENT_HIDDEN', 'conflict'));
    it('republishes with the live listing (other domains list it again from the event)', () =>
      given([...published, approvedRevisionHistory(), unpublished].flat())
        .when(republish)
        .then([
          {
            type: 'catalog.content-republished',
            data: { ...listing, ...revisedListing, publishedAt: NOW, republishedAt: LATER },
          },
        ]));
    it('refuses to republish what is not unpublished', () => {
      given([]).when(republish).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found');
      given(published).when(republish).thenRefuses('CATALOG.CONTENT_NOT_UNPUBLISHED', 'conflict');
      given([drafted]).when(republish).thenRefuses('CATALOG.CONTENT_NOT_UNPUBLISHED', 'conflict');
    });
    it('refuses the creator a republication of what a moderator hid', () =>
      given([...published, unpublished, hidden]).when(republish).thenRefuses('CATALOG.CONTENT_HIDDEN', 'conflict'));
    it('hides a published or an unpublished item, with its reason', () => {
      given(published).when(hide).then([hidden]);
      given([...published, unpublished]).when(hide).then([hidden]);
    });
    it('refuses to hide what is not on the catalogue (a draft is rejected, not hidden) or already hidden', () => {
      given([]).when(hide).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found');
      given([drafted, submitted]).when(hide).thenRefuses('CATALOG.CONTENT_NOT_PUBLISHED', 'conflict');
      given([...published, hidden]).when(hide).thenRefuses('CATALOG.CONTENT_NOT_PUBLISHED', 'conflict');
    });
    describe('restoring a hidden item', () => {
      const unhide: ContentCommand = { type: 'UnhideContent', moderatorId, reason: '申诉成立', now: LATEST };
      const unhidden = (status: 'published' | 'unpublished'): ContentEvent => ({
        type: 'catalog.content-unhidden',
        data: { ...listing, publishedAt: NOW, status, moderatorId, reason: '申诉成立', unhiddenAt: LATEST },
      });
      it('puts a hidden item back on the catalogue, with the live listing and the reason', () =>
        given([...published, hidden]).when(unhide).then([unhidden('published')]));
      it('carries the live revision\'s listing', () =>
        given([...published, approvedRevisionHistory(), hidden].flat())
          .when(unhide)
          .then([{ type: 'catalog.content-unhidden', data: { ...listing, ...revisedListing, publishedAt: NOW, status: 'published', moderatorId, reason: '申诉成立', unhiddenAt: LATEST } }]));
      it('leaves an item its creator had unpublished unpublished', () => given([...published, unpublished, hidden]).when(unhide).then([unhidden('unpublished')]));
      it('refuses what is not hidden', () => {
        given([]).when(unhide).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found');
        given([drafted]).when(unhide).thenRefuses('CATALOG.CONTENT_NOT_HIDDEN', 'conflict');
        given(published).when(unhide).thenRefuses('CATALOG.CONTENT_NOT_HIDDEN', 'conflict');
        given([...published, unpublished]).when(unhide).thenRefuses('CATALOG.CONTENT_NOT_HIDDEN', 'conflict');
      });
      it('refuses to restore twice', () => given([...published, hidden, unhidden('published')]).when(unhide).thenRefuses('CATALOG.CONTENT_NOT_HIDDEN', 'conflict'));
      it('gives the creator their item back: unpublish or republish it again, as it stood', () => {
        given([...published, hidden, unhidden('published')]).when(unpublish).then([unpublished]);
        given([...published, unpublished, hidden, unhidden('unpublished')])
          .when(republish)
          .then([{ type: 'catalog.content-republished', data: { ...listing, publishedAt: NOW, republishedAt: LATER } }]);
        given([...published, unpublished, hidden, unhidden('unpublished')]).when(unpublish).thenRefuses('CATALOG.CONTENT_NOT_PUBLISHED', 'conflict');
      });
      it('remembers where it stood across a second hiding', () => {
        given([...published, hidden, unhidden('published'), unpublished, hidden]).when(unhide).then([unhidden('unpublished')]);
        given([...published, unpublished, hidden, unhidden('unpublished'), republishedEvent(), hidden]).when(unhide).then([unhidden('published')]);
      });
      it('folds into the status it restores, forgetting the hiding', () => {
        expect(foldEvents(contentDecider, [...published, hidden, unhidden('published')])).toMatchObject({ status: 'published' });
        expect(foldEvents(contentDecider, [...published, hidden, unhidden('published')])).not.toHaveProperty('hiddenFrom');
        expect(foldEvents(contentDecider, [...published, unpublished, hidden])).toMatchObject({ status: 'hidden', hiddenFrom: 'unpublished' });
        expect(foldEvents(contentDecider, [...published, hidden])).toMatchObject({ status: 'hidden', hiddenFrom: 'published' });
        expect(foldEvents(contentDecider, [unhidden('published')])).toEqual({ status: 'none' });
        // Events of a stream never drafted change nothing.
        expect(foldEvents(contentDecider, [hidden])).toEqual({ status: 'none' });
        expect(foldEvents(contentDecider, [unpublished])).toEqual({ status: 'none' });
        expect(foldEvents(contentDecider, [republishedEvent()])).toEqual({ status: 'none' });
      });
      function republishedEvent(): ContentEvent {
        return { type: 'catalog.content-republished', data: { ...listing, publishedAt: NOW, republishedAt: LATER } };
      }
    });
    it('takes no revision of an item off the catalogue', () =>
      given([...published, unpublished]).when(revise()).thenRefuses('CATALOG.CONTENT_NOT_REVISABLE', 'conflict'));
    it('folds into the status', () => {
      expect(foldEvents(contentDecider, [...published, unpublished]).status).toBe('unpublished');
      expect(foldEvents(contentDecider, [...published, unpublished, hidden]).status).toBe('hidden');
    });
  });

  it('folds the lifecycle into the status', () => {
    expect(foldEvents(contentDecider, [drafted]).status).toBe('draft');
    expect(foldEvents(contentDecider, [drafted, submitted]).status).toBe('in_review');
    expect(foldEvents(contentDecider, [drafted, submitted, rejected]).status).toBe('rejected');
    expect(foldEvents(contentDecider, published)).toMatchObject({ status: 'published', creatorId, publishedAt: NOW, revision: 1, pending: null });
    // Without the draft there is nothing to move: events of another stream's history change nothing.
    for (const stray of [submitted, approved, rejected, revisionDrafted, revisionSubmitted, revisionRejected]) {
      expect(foldEvents(contentDecider, [stray])).toEqual({ status: 'none' });
    }
  });

  it('keeps the live revision until its replacement is approved, then swaps them', () => {
    const pending = foldEvents(contentDecider, [...published, revisionDrafted, revisionSubmitted]);
    expect(pending).toMatchObject({ status: 'published', title: listing.title, priceCents: 9900, lessons, revision: 1 });
    expect(pending).toMatchObject({ pending: { revision: 2, status: 'in_review', title: revisedListing.title } });
    expect(foldEvents(contentDecider, [...published, revisionDrafted, revisionSubmitted, revisionRejected])).toMatchObject({
      title: listing.title,
      lessons,
      pending: { status: 'rejected' },
    });
    const swapped = foldEvents(contentDecider, [...published, revisionDrafted, revisionSubmitted, revisionApproved]);
    expect(swapped).toEqual({
      status: 'published',
      contentId,
      creatorId,
      kind: 'course',
      ...revisedListing,
      lessons: [first, second, { ...third, lessonId: 'l-3' }],
      chapters,
      live: undefined,
      revision: 2,
      publishedAt: NOW,
      pending: null,
    });
    // A revision event with no revision to act on (a stray) moves nothing.
    const live = foldEvents(contentDecider, published);
    expect(contentDecider.evolve(live, revisionSubmitted)).toBe(live);
    expect(contentDecider.evolve(live, revisionRejected)).toBe(live);
  });
});
