import { DomainError } from '#platform/domain';

export const CatalogErrors = {
  contentNotFound: () => new DomainError('CATALOG.CONTENT_NOT_FOUND', 'not_found', 'No such content.'),
  contentAlreadyExists: () => new DomainError('CATALOG.CONTENT_EXISTS', 'conflict', 'This content already exists.'),
  notSubmittable: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict', `Content that is ${status} cannot be submitted for review.`),
  notInReview: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict', `Content that is ${status} is not awaiting review.`),
  cannotModerateOwnContent: () =>
    new DomainError('CATALOG.CANNOT_MODERATE_OWN_CONTENT', 'forbidden', 'You may not moderate your own content.'),
  mayNotModerate: () => new DomainError('AUTHZ.FORBIDDEN', 'forbidden', 'You may not moderate this content.'),
  lessonNotFound: () => new DomainError('CATALOG.LESSON_NOT_FOUND', 'not_found', 'No such lesson in this content.'),
  notEnrolled: () => new DomainError('CATALOG.NOT_ENROLLED', 'forbidden', 'Progress is kept for learners who may read the whole item: buy it or subscribe first.'),
  progressInvalid: () => new DomainError('CATALOG.PROGRESS_INVALID', 'invalid', 'A position is a number of seconds from 0.'),
  // The shape each kind must have.
  chaptersOnlyForCourses: () => new DomainError('CATALOG.CHAPTERS_ONLY_FOR_COURSES', 'invalid', 'Only a course is divided into chapters.'),
  courseNeedsChapters: () => new DomainError('CATALOG.COURSE_NEEDS_CHAPTERS', 'invalid', 'A course is built of chapters: add at least one, with its lessons.'),
  emptyChapter: (title: string) => new DomainError('CATALOG.CHAPTER_EMPTY', 'invalid', `The chapter "${title}" has no lesson.`, { chapter: title }),
  lessonsRequired: (kind: string) => new DomainError('CATALOG.LESSONS_REQUIRED', 'invalid', `A ${kind} needs at least one lesson.`, { kind }),
  tooManyLessons: (max: number) => new DomainError('CATALOG.TOO_MANY_LESSONS', 'invalid', `An item has at most ${max} lessons.`, { max }),
  lessonFormatMismatch: (kind: string) =>
    new DomainError('CATALOG.LESSON_FORMAT_MISMATCH', 'invalid', `Every lesson of this ${kind} item must be ${kind}.`, { kind }),
  durationRequired: (title: string) =>
    new DomainError('CATALOG.DURATION_REQUIRED', 'invalid', `The audio or video lesson "${title}" needs its duration in seconds.`, { lesson: title }),
  dripAmbiguous: () => new DomainError('CATALOG.DRIP_AMBIGUOUS', 'invalid', 'A lesson is released either some days after enrolment or on a date: give one of the two.'),
  dripOnPreview: (title: string) =>
    new DomainError('CATALOG.DRIP_ON_PREVIEW', 'invalid', `The preview lesson "${title}" is open to everyone: it cannot be released later.`, { lesson: title }),
  scheduleRequired: () => new DomainError('CATALOG.LIVE_SCHEDULE_REQUIRED', 'invalid', 'A live session needs its start, its end and its join link.'),
  scheduleOnlyForLiveSessions: () => new DomainError('CATALOG.SCHEDULE_ONLY_FOR_LIVE_SESSIONS', 'invalid', 'Only a live session has a schedule.'),
  liveStartInPast: () => new DomainError('CATALOG.LIVE_START_IN_PAST', 'invalid', 'A live session is scheduled to start in the future.'),
  liveScheduleInvalid: () =>
    new DomainError('CATALOG.LIVE_SCHEDULE_INVALID', 'invalid', 'A live session ends after it starts, and lasts at most 24 hours.'),
  liveAlreadyStarted: () =>
    new DomainError('CATALOG.LIVE_ALREADY_STARTED', 'invalid', 'This live session has started: its schedule can no longer change.'),
  replayBeforeEnd: () =>
    new DomainError('CATALOG.REPLAY_BEFORE_END', 'invalid', "A live session's lessons are its replay: add them once the session has ended."),
  // Revisions of what is published.
  notRevisable: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_REVISABLE', 'conflict', `Content that is ${status} is not revised: only a published content has revisions.`),
  revisionInReview: () =>
    new DomainError('CATALOG.REVISION_IN_REVIEW', 'conflict', "A revision is awaiting review: wait for the moderators' decision."),
  revisionDropsLesson: (title: string) =>
    new DomainError('CATALOG.REVISION_DROPS_LESSON', 'invalid', `A revision keeps every published lesson, so buyers keep what they paid for: "${title}" is missing.`, {
      lesson: title,
    }),
  lessonTwice: () => new DomainError('CATALOG.LESSON_TWICE', 'invalid', 'A revision lists each lesson once.'),
  columnReordered: () =>
    new DomainError('CATALOG.COLUMN_REORDERED', 'invalid', 'A column grows at its end: its published instalments keep their order.'),
  // Taking an item off the catalogue.
  notPublished: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_PUBLISHED', 'conflict', `Content that is ${status} is not on the catalogue: only a published content is taken off it.`),
  notUnpublished: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_UNPUBLISHED', 'conflict', `Content that is ${status} cannot be republished: only an unpublished content is put back.`),
  contentHidden: () =>
    new DomainError('CATALOG.CONTENT_HIDDEN', 'conflict', 'A moderator hid this content: its creator cannot put it back on the catalogue.'),
  notHidden: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_HIDDEN', 'conflict', `Content that is ${status} is not hidden: only a hidden content is restored.`),
  // Time-released lessons.
  lessonLocked: (unlocksAt: string) => new DomainError('CATALOG.LESSON_LOCKED', 'forbidden', `This lesson opens at ${unlocksAt}.`, { unlocksAt }),
  categoryNotFound: () => new DomainError('CATALOG.CATEGORY_NOT_FOUND', 'not_found', 'No such category.'),
  unknownCategory: () => new DomainError('CATALOG.UNKNOWN_CATEGORY', 'invalid', 'No category has this id.'),
  categoryExists: () => new DomainError('CATALOG.CATEGORY_EXISTS', 'conflict', 'This category already exists.'),
  parentCategoryNotFound: () => new DomainError('CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid', 'The parent category does not exist.'),
  categorySlugTaken: (slug: string) => new DomainError('CATALOG.CATEGORY_SLUG_TAKEN', 'conflict', `Another category already has the slug ${slug}.`),
  categoryCycle: () => new DomainError('CATALOG.CATEGORY_CYCLE', 'invalid', 'A category cannot move under itself or one of its own subcategories.'),
  categoryTooDeep: (maxDepth: number) => new DomainError('CATALOG.CATEGORY_TOO_DEEP', 'invalid', `Categories nest at most ${maxDepth} levels deep.`),
  categoryOrderMismatch: () =>
    new DomainError('CATALOG.CATEGORY_ORDER_MISMATCH', 'conflict', 'The order must list every current subcategory of that parent exactly once; reload the tree and retry.'),
  categoryNotEmpty: () =>
    new DomainError('CATALOG.CATEGORY_NOT_EMPTY', 'conflict', 'Only an empty category can be deleted: move its subcategories and contents away first.'),
  // Suggestions as the user types.
  suggestionsRateLimited: (retryAfterSeconds: number) =>
    new DomainError('CATALOG.SUGGESTIONS_RATE_LIMITED', 'throttled', `Too many suggestion requests; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  busy: () =>
    new DomainError('CATALOG.BUSY', 'unavailable', 'Suggestions cannot be counted against the rate limits right now; try again in a moment.', { retryAfterSeconds: 1 }),
};
