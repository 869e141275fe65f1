import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { CatalogErrors } from './catalog.errors.js';

describe('catalog refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(CatalogErrors.contentNotFound(), 'CATALOG.CONTENT_NOT_FOUND', 'not_found', 'No such content.');
    expectRefusal(CatalogErrors.contentAlreadyExists(), 'CATALOG.CONTENT_EXISTS', 'conflict', 'This content already exists.');
    expectRefusal(CatalogErrors.notSubmittable('published'), 'CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict', 'Content that is published cannot be submitted for review.');
    expectRefusal(CatalogErrors.notInReview('draft'), 'CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict', 'Content that is draft is not awaiting review.');
    expectRefusal(CatalogErrors.cannotModerateOwnContent(), 'CATALOG.CANNOT_MODERATE_OWN_CONTENT', 'forbidden', 'You may not moderate your own content.');
    expectRefusal(CatalogErrors.mayNotModerate(), 'AUTHZ.FORBIDDEN', 'forbidden', 'You may not moderate this content.');
    expectRefusal(CatalogErrors.lessonNotFound(), 'CATALOG.LESSON_NOT_FOUND', 'not_found', 'No such lesson in this content.');
    expectRefusal(CatalogErrors.notEnrolled(), 'CATALOG.NOT_ENROLLED', 'forbidden', 'Progress is kept for learners who may read the whole item: buy it or subscribe first.');
    expectRefusal(CatalogErrors.progressInvalid(), 'CATALOG.PROGRESS_INVALID', 'invalid', 'A position is a number of seconds from 0.');
    expectRefusal(CatalogErrors.notPublished('draft'), 'CATALOG.CONTENT_NOT_PUBLISHED', 'conflict', 'Content that is draft is not on the catalogue: only a published content is taken off it.');
    expectRefusal(CatalogErrors.notUnpublished('published'), 'CATALOG.CONTENT_NOT_UNPUBLISHED', 'conflict', 'Content that is published cannot be republished: only an unpublished content is put back.');
    expectRefusal(CatalogErrors.notHidden('published'), 'CATALOG.CONTENT_NOT_HIDDEN', 'conflict', 'Content that is published is not hidden: only a hidden content is restored.');
    expectRefusal(CatalogErrors.contentHidden(), 'CATALOG.CONTENT_HIDDEN', 'conflict', 'A moderator hid this content: its creator cannot put it back on the catalogue.');
    expectRefusal(CatalogErrors.categoryNotFound(), 'CATALOG.CATEGORY_NOT_FOUND', 'not_found', 'No such category.');
    expectRefusal(CatalogErrors.unknownCategory(), 'CATALOG.UNKNOWN_CATEGORY', 'invalid', 'No category has this id.');
    expectRefusal(CatalogErrors.categoryExists(), 'CATALOG.CATEGORY_EXISTS', 'conflict', 'This category already exists.');
    expectRefusal(CatalogErrors.parentCategoryNotFound(), 'CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid', 'The parent category does not exist.');
    expectRefusal(CatalogErrors.categorySlugTaken('ai'), 'CATALOG.CATEGORY_SLUG_TAKEN', 'conflict', 'Another category already has the slug ai.');
    expectRefusal(CatalogErrors.categoryCycle(), 'CATALOG.CATEGORY_CYCLE', 'invalid', 'A category cannot move under itself or one of its own subcategories.');
    expectRefusal(CatalogErrors.categoryTooDeep(5), 'CATALOG.CATEGORY_TOO_DEEP', 'invalid', 'Categories nest at most 5 levels deep.');
    expectRefusal(
      CatalogErrors.categoryOrderMismatch(),
      'CATALOG.CATEGORY_ORDER_MISMATCH',
      'conflict',
      'The order must list every current subcategory of that parent exactly once; reload the tree and retry.',
    );
    expectRefusal(
      CatalogErrors.categoryNotEmpty(),
      'CATALOG.CATEGORY_NOT_EMPTY',
      'conflict',
      'Only an empty category can be deleted: move its subcategories and contents away first.',
    );
  });

  it('names what a kind of content cannot be', () => {
    expectRefusal(CatalogErrors.chaptersOnlyForCourses(), 'CATALOG.CHAPTERS_ONLY_FOR_COURSES', 'invalid', 'Only a course is divided into chapters.');
    expectRefusal(CatalogErrors.courseNeedsChapters(), 'CATALOG.COURSE_NEEDS_CHAPTERS', 'invalid', 'A course is built of chapters: add at least one, with its lessons.');
    expectRefusal(CatalogErrors.emptyChapter('第一章'), 'CATALOG.CHAPTER_EMPTY', 'invalid', 'The chapter "第一章" has no lesson.', { chapter: '第一章' });
    expectRefusal(CatalogErrors.lessonsRequired('column'), 'CATALOG.LESSONS_REQUIRED', 'invalid', 'A column needs at least one lesson.', { kind: 'column' });
    expectRefusal(CatalogErrors.tooManyLessons(500), 'CATALOG.TOO_MANY_LESSONS', 'invalid', 'An item has at most 500 lessons.', { max: 500 });
    expectRefusal(CatalogErrors.lessonFormatMismatch('audio'), 'CATALOG.LESSON_FORMAT_MISMATCH', 'invalid', 'Every lesson of this audio item must be audio.', { kind: 'audio' });
    expectRefusal(CatalogErrors.durationRequired('一'), 'CATALOG.DURATION_REQUIRED', 'invalid', 'The audio or video lesson "一" needs its duration in seconds.', { lesson: '一' });
    expectRefusal(CatalogErrors.dripAmbiguous(), 'CATALOG.DRIP_AMBIGUOUS', 'invalid', 'A lesson is released either some days after enrolment or on a date: give one of the two.');
    expectRefusal(CatalogErrors.dripOnPreview('一'), 'CATALOG.DRIP_ON_PREVIEW', 'invalid', 'The preview lesson "一" is open to everyone: it cannot be released later.', { lesson: '一' });
    expectRefusal(CatalogErrors.scheduleRequired(), 'CATALOG.LIVE_SCHEDULE_REQUIRED', 'invalid', 'A live session needs its start, its end and its join link.');
    expectRefusal(CatalogErrors.scheduleOnlyForLiveSessions(), 'CATALOG.SCHEDULE_ONLY_FOR_LIVE_SESSIONS', 'invalid', 'Only a live session has a schedule.');
    expectRefusal(CatalogErrors.liveStartInPast(), 'CATALOG.LIVE_START_IN_PAST', 'invalid', 'A live session is scheduled to start in the future.');
    expectRefusal(CatalogErrors.liveScheduleInvalid(), 'CATALOG.LIVE_SCHEDULE_INVALID', 'invalid', 'A live session ends after it starts, and lasts at most 24 hours.');
    expectRefusal(CatalogErrors.liveAlreadyStarted(), 'CATALOG.LIVE_ALREADY_STARTED', 'invalid', 'This live session has started: its schedule can no longer change.');
    expectRefusal(CatalogErrors.replayBeforeEnd(), 'CATALOG.REPLAY_BEFORE_END', 'invalid', "A live session's lessons are its replay: add them once the session has ended.");
  });

  it('names what a revision cannot do', () => {
    expectRefusal(CatalogErrors.notRevisable('draft'), 'CATALOG.CONTENT_NOT_REVISABLE', 'conflict', 'Content that is draft is not revised: only a published content has revisions.');
    expectRefusal(CatalogErrors.revisionInReview(), 'CATALOG.REVISION_IN_REVIEW', 'conflict', "A revision is awaiting review: wait for the moderators' decision.");
    expectRefusal(
      CatalogErrors.revisionDropsLesson('第二课'),
      'CATALOG.REVISION_DROPS_LESSON',
      'invalid',
      'A revision keeps every published lesson, so buyers keep what they paid for: "第二课" is missing.',
      { lesson: '第二课' },
    );
    expectRefusal(CatalogErrors.lessonTwice(), 'CATALOG.LESSON_TWICE', 'invalid', 'A revision lists each lesson once.');
    expectRefusal(CatalogErrors.columnReordered(), 'CATALOG.COLUMN_REORDERED', 'invalid', 'A column grows at its end: its published instalments keep their order.');
  });

  it('names a lesson not released yet, and when it will be', () => {
    expectRefusal(CatalogErrors.lessonLocked('2026-12-01T00:00:00.000Z'), 'CATALOG.LESSON_LOCKED', 'forbidden', 'This lesson opens at 2026-12-01T00:00:00.000Z.', {
      unlocksAt: '2026-12-01T00:00:00.000Z',
    });
  });

  it('names too many suggestion requests, and when to try again', () => {
    expectRefusal(CatalogErrors.suggestionsRateLimited(7), 'CATALOG.SUGGESTIONS_RATE_LIMITED', 'throttled', 'Too many suggestion requests; try again in 7 s.', { retryAfterSeconds: 7 });
    expectRefusal(CatalogErrors.busy(), 'CATALOG.BUSY', 'unavailable', 'Suggestions cannot be counted against the rate limits right now; try again in a moment.', {
      retryAfterSeconds: 1,
    });
  });
});
