import type { DomainEvent } from '#platform/domain';

/** An admin asked for the similarity batch to run now instead of at the next scheduled time. */
export type RebuildRequested = DomainEvent<
  'recommendation.rebuild-requested',
  { requestedBy: string; reason: 'manual' }
>;

/** An admin started an A/B experiment between two served models (shares in whole percent, adding up to 100). */
export type ExperimentCreated = DomainEvent<
  'recommendation.experiment-created',
  {
    experimentId: string;
    name: string;
    variants: { model: 'hybrid' | 'user-knn'; share: number }[];
    conversionWindowHours: number;
    createdBy: string;
  }
>;

/** An admin stopped an experiment: everyone gets the hybrid again; its results stay readable. */
export type ExperimentStopped = DomainEvent<'recommendation.experiment-stopped', { experimentId: string; stoppedBy: string }>;

export type ExperimentEvent = ExperimentCreated | ExperimentStopped;

/** A learner stated the categories they are interested in (the whole list, in id order; empty: none any more). */
export type InterestsStated = DomainEvent<'recommendation.interests-stated', { userId: string; categoryIds: string[] }>;

export type RecommendationEvent = RebuildRequested | ExperimentEvent | InterestsStated;

/** Stored names and current schema versions of every recommendation event. */
export const recommendationEventTypes = {
  'recommendation.rebuild-requested': { schemaVersion: 1 },
  'recommendation.experiment-created': { schemaVersion: 1 },
  'recommendation.experiment-stopped': { schemaVersion: 1 },
  'recommendation.interests-stated': { schemaVersion: 1 },
} as const;

/** The one stream every experiment's life is decided on, so two admins cannot both start one. */
export const EXPERIMENTS_STREAM = { streamId: 'recommendation-experiments', streamType: 'recommendation-experiments' } as const;

/** The log stream every rebuild request is appended to (nobody decides on it: expected version 'any'). */
export const REBUILD_REQUESTS_STREAM = { streamId: 'recommendation-rebuilds', streamType: 'recommendation-rebuild' } as const;

export function rebuildRequested(requestedBy: string): RebuildRequested {
  return { type: 'recommendation.rebuild-requested', data: { requestedBy, reason: 'manual' } };
}

/**
 * The part of catalog's `catalog.content-approved` this domain reads (tolerant reader: catalog may
 * add fields without us noticing; we never import catalog).
 */
export type ContentApproved = DomainEvent<
  'catalog.content-approved',
  { contentId: string; creatorId: string; kind: string; title: string; summary: string; tags: string[]; publishedAt: string }
>;

/** The part of catalog's `catalog.content-unpublished` / `catalog.content-hidden` this domain reads: which item left the catalogue. */
export type ContentUnlisted = DomainEvent<'catalog.content-unpublished' | 'catalog.content-hidden', { contentId: string }>;

/** The part of catalog's `catalog.content-republished` this domain reads: the listing of an item back on the catalogue. */
export type ContentRepublished = DomainEvent<
  'catalog.content-republished',
  { contentId: string; creatorId: string; kind: string; title: string; summary: string; tags: string[]; publishedAt: string }
>;

/**
 * The part of catalog's `catalog.content-unhidden` this domain reads: a moderator restored a hidden item, to where it
 * stood before (`status`): back on the catalogue with its listing, or still unpublished by its creator.
 */
export type ContentUnhidden = DomainEvent<
  'catalog.content-unhidden',
  { contentId: string; creatorId: string; kind: string; title: string; summary: string; tags: string[]; publishedAt: string; status: 'published' | 'unpublished' }
>;

/** The part of catalog's `catalog.content-classified` this domain reads: the category and tags a creator gave an item. */
export type ContentClassified = DomainEvent<'catalog.content-classified', { contentId: string; categoryId: string | null; tags: string[] }>;

/** The parts of catalog's category events this domain reads: a category's name, for `popular-in` reasons. */
export type CategoryNamed = DomainEvent<'catalog.category-created' | 'catalog.category-renamed', { categoryId: string; name: string }>;
export type CategoryDeleted = DomainEvent<'catalog.category-deleted', { categoryId: string }>;

/** The part of catalog's `catalog.lesson-opened` this domain reads: who looked into which item. */
export type LessonOpened = DomainEvent<'catalog.lesson-opened', { userId: string; contentId: string; openedAt: string }>;

/** The part of catalog's `catalog.lesson-completed` this domain reads: a learner got through a lesson of an item. */
export type LessonCompleted = DomainEvent<'catalog.lesson-completed', { userId: string; contentId: string; completedAt: string }>;

/** The part of community's `community.review-posted` this domain reads: a learner's stars for an item (posting again replaces them). */
export type ReviewPosted = DomainEvent<'community.review-posted', { contentId: string; userId: string; stars: number }>;

/** The part of community's `community.review-removed` this domain reads: the review is gone (deleted, withdrawn after a refund, or removed by a moderator). */
export type ReviewRemoved = DomainEvent<'community.review-removed', { contentId: string; userId: string }>;
