import type { DomainEvent } from '#platform/domain';

export const CONTENT_KINDS = ['course', 'column', 'article', 'audio', 'video'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export const CONTENT_STATUSES = ['draft', 'in_review', 'published', 'rejected'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export interface DraftedLesson {
  lessonId: string;
  title: string;
  body: string;
  preview: boolean;
}

/** The listing a content carries through review (lessons travel only with the draft). */
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

export type ContentDrafted = DomainEvent<'catalog.content-drafted', ContentListing & { lessons: DraftedLesson[] }>;

export type ContentSubmitted = DomainEvent<'catalog.content-submitted', { contentId: string }>;

/** Carries the whole listing, so other domains (commerce, recommendation) never read catalog tables. */
export type ContentApproved = DomainEvent<
  'catalog.content-approved',
  ContentListing & {
    moderatorId: string;
    /** ISO 8601 */
    publishedAt: string;
  }
>;

export type ContentRejected = DomainEvent<
  'catalog.content-rejected',
  { contentId: string; moderatorId: string; reason: string }
>;

/** Its creator filed it under a category (null: none) and gave it these tags; no review needed. */
export type ContentClassified = DomainEvent<'catalog.content-classified', { contentId: string; categoryId: string | null; tags: string[] }>;

export type ContentEvent = ContentDrafted | ContentSubmitted | ContentApproved | ContentRejected | ContentClassified;

/** Stored names and current schema versions of every catalog event. */
export const catalogEventTypes = {
  'catalog.content-drafted': { schemaVersion: 1 },
  'catalog.content-submitted': { schemaVersion: 1 },
  'catalog.content-approved': { schemaVersion: 1 },
  'catalog.content-rejected': { schemaVersion: 1 },
  'catalog.content-classified': { schemaVersion: 1 },
  'catalog.category-created': { schemaVersion: 1 },
  'catalog.category-renamed': { schemaVersion: 1 },
  'catalog.category-moved': { schemaVersion: 1 },
  'catalog.categories-reordered': { schemaVersion: 1 },
  'catalog.category-deleted': { schemaVersion: 1 },
  'catalog.lesson-opened': { schemaVersion: 1 },
  'catalog.lesson-progressed': { schemaVersion: 1 },
  'catalog.lesson-completed': { schemaVersion: 1 },
} as const;
