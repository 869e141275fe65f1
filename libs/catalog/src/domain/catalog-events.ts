import type { DomainEvent } from '#platform/domain';

/** `live`: a live session (a scheduled start and end, a join link, a replay lesson afterwards). */
export const CONTENT_KINDS = ['course', 'column', 'article', 'audio', 'video', 'live'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** `unpublished`: its creator took it off sale; `hidden`: a moderator did. Neither is listed, searched, recommended or sold; buyers keep it. */
export const CONTENT_STATUSES = ['draft', 'in_review', 'published', 'rejected', 'unpublished', 'hidden'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** The statuses in which whoever holds an item may still study it: published, or taken off the catalogue after it was. */
export const LEARNABLE_STATUSES: readonly ContentStatus[] = ['published', 'unpublished', 'hidden'];

/** What a lesson is: a text to read, or a recording to listen to or watch. */
export const LESSON_FORMATS = ['article', 'audio', 'video'] as const;
export type LessonFormat = (typeof LESSON_FORMATS)[number];

/** Drip release: a lesson opens a number of days after the learner's enrolment, or on a date (ISO 8601). */
export type DripRule = { afterDays: number } | { on: string };

export interface DraftedLesson {
  lessonId: string;
  title: string;
  body: string;
  preview: boolean;
  /** Absent on lessons drafted before kinds existed: those are articles. */
  format?: LessonFormat;
  /** The recording's length, for audio and video lessons. */
  durationSeconds?: number;
  /** The chapter of a course lesson. */
  chapterId?: string;
  /** Absent: open as soon as the learner may read the item. */
  drip?: DripRule;
}

export interface Chapter {
  chapterId: string;
  title: string;
}

/** When a live session runs and where to join it (the link is shown only to entitled learners, only around the time). */
export interface LiveSchedule {
  /** ISO 8601 */
  startsAt: string;
  /** ISO 8601 */
  endsAt: string;
  joinUrl: string;
}

/** The listing a content carries through review (lessons travel only with the draft and its revisions). */
export interface ContentListing {
  contentId: string;
  creatorId: string;
  kind: ContentKind;
  title: string;
  summary: string;
  priceCents: number;
  currency: string;
  tags: string[];
}

/** How a content is built: its lessons in order, a course's chapters, a live session's schedule. */
export interface ContentStructure {
  lessons: DraftedLesson[];
  /** Courses only. */
  chapters?: Chapter[];
  /** Live sessions only. */
  live?: LiveSchedule;
}

/** What a revision may change: everything of the listing but who made it and what kind it is. */
export type RevisableListing = Pick<ContentListing, 'title' | 'summary' | 'priceCents' | 'currency' | 'tags'>;

export type ContentDrafted = DomainEvent<'catalog.content-drafted', ContentListing & ContentStructure>;

export type ContentSubmitted = DomainEvent<'catalog.content-submitted', { contentId: string }>;

/**
 * Carries the whole listing, so other domains (commerce, recommendation, analytics) never read
 * catalog tables. Emitted again, with the same shape, each time a revision of a published item is
 * approved: consumers upsert the listing (a new price applies to orders placed from then on).
 */
export type ContentApproved = DomainEvent<
  'catalog.content-approved',
  ContentListing & {
    moderatorId: string;
    /** ISO 8601: when the item was first published (unchanged by later revisions). */
    publishedAt: string;
    /** Which revision is now live; absent on the first publication (revision 1). */
    revision?: number;
    /** ISO 8601: when this revision went live; absent on the first publication. */
    revisedAt?: string;
  }
>;

export type ContentRejected = DomainEvent<
  'catalog.content-rejected',
  { contentId: string; moderatorId: string; reason: string }
>;

/** A creator's edit of a published item: a revision the moderators see, while the approved one stays live. Also each new instalment of a column. */
export type RevisionDrafted = DomainEvent<
  'catalog.revision-drafted',
  { contentId: string; revision: number } & RevisableListing & ContentStructure
>;

export type RevisionSubmitted = DomainEvent<'catalog.revision-submitted', { contentId: string; revision: number }>;

/** The revision goes back to its creator; the live one stays as it was. */
export type RevisionRejected = DomainEvent<
  'catalog.revision-rejected',
  { contentId: string; revision: number; moderatorId: string; reason: string }
>;

/**
 * A column's new instalment went live: a lesson that the approved revision added at its end. Emitted
 * right after the approval, one per new lesson, so followers and buyers can be told of it (the
 * approval itself only re-announces the listing).
 */
export type InstalmentPublished = DomainEvent<
  'catalog.instalment-published',
  { contentId: string; creatorId: string; columnTitle: string; lessonId: string; title: string; publishedAt: string }
>;

/** Its creator filed it under a category (null: none) and gave it these tags; no review needed. */
export type ContentClassified = DomainEvent<'catalog.content-classified', { contentId: string; categoryId: string | null; tags: string[] }>;

/**
 * Its creator took a published item off the catalogue: no longer listed, searched, recommended or
 * sold. Whoever holds access to it (bought, given) keeps it: access is never taken back with a listing.
 */
export type ContentUnpublished = DomainEvent<'catalog.content-unpublished', { contentId: string; creatorId: string; unpublishedAt: string }>;

/**
 * Its creator put an unpublished item back on the catalogue. Carries the live listing, as an
 * approval does, so other domains can list it again without reading catalog tables.
 */
export type ContentRepublished = DomainEvent<
  'catalog.content-republished',
  ContentListing & {
    /** ISO 8601: when the item was first published. */
    publishedAt: string;
    republishedAt: string;
  }
>;

/** A moderator (or admin) took an item off the catalogue, with a reason; like an unpublication for everyone else, but its creator cannot undo it. */
export type ContentHidden = DomainEvent<
  'catalog.content-hidden',
  { contentId: string; creatorId: string; moderatorId: string; reason: string; hiddenAt: string }
>;

/**
 * A moderator (or admin) undid a hiding, with a reason: the item is back where it stood before it
 * was hidden (`status`): on the catalogue, or still unpublished when its creator had taken it off.
 * Carries the live listing, as a republication does, so other domains list it again (when
 * `status` is `published`) without reading catalog tables.
 */
export type ContentUnhidden = DomainEvent<
  'catalog.content-unhidden',
  ContentListing & {
    /** ISO 8601: when the item was first published. */
    publishedAt: string;
    status: 'published' | 'unpublished';
    moderatorId: string;
    reason: string;
    unhiddenAt: string;
  }
>;

export type ContentEvent =
  | ContentDrafted
  | ContentSubmitted
  | ContentApproved
  | ContentRejected
  | RevisionDrafted
  | RevisionSubmitted
  | RevisionRejected
  | InstalmentPublished
  | ContentClassified
  | ContentUnpublished
  | ContentRepublished
  | ContentHidden
  | ContentUnhidden;

/** Stored names and current schema versions of every catalog event. */
export const catalogEventTypes = {
  'catalog.content-drafted': { schemaVersion: 1 },
  'catalog.content-submitted': { schemaVersion: 1 },
  'catalog.content-approved': { schemaVersion: 1 },
  'catalog.content-rejected': { schemaVersion: 1 },
  'catalog.revision-drafted': { schemaVersion: 1 },
  'catalog.revision-submitted': { schemaVersion: 1 },
  'catalog.revision-rejected': { schemaVersion: 1 },
  'catalog.content-classified': { schemaVersion: 1 },
  'catalog.instalment-published': { schemaVersion: 1 },
  'catalog.content-unpublished': { schemaVersion: 1 },
  'catalog.content-republished': { schemaVersion: 1 },
  'catalog.content-hidden': { schemaVersion: 1 },
  'catalog.content-unhidden': { schemaVersion: 1 },
  'catalog.category-created': { schemaVersion: 1 },
  'catalog.category-renamed': { schemaVersion: 1 },
  'catalog.category-moved': { schemaVersion: 1 },
  'catalog.categories-reordered': { schemaVersion: 1 },
  'catalog.category-deleted': { schemaVersion: 1 },
  'catalog.lesson-opened': { schemaVersion: 1 },
  'catalog.lesson-progressed': { schemaVersion: 1 },
  'catalog.lesson-completed': { schemaVersion: 1 },
} as const;
