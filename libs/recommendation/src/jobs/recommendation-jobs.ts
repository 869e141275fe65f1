import type { DomainEvent } from '#platform/domain';
import type { RecordedEvent } from '#platform';
import type { OrderPaid } from '#commerce';
import type {
  CategoryDeleted,
  CertificateIssued,
  CategoryNamed,
  ContentApproved,
  ContentClassified,
  ContentRepublished,
  ContentUnhidden,
  ContentUnlisted,
  LessonCompleted,
  LessonOpened,
  RebuildRequested,
  ReviewPosted,
  ReviewRemoved,
} from '../domain/recommendation-events.js';

/** Job names on QueueName.Recommendation. */
export const RecommendationJob = {
  ContentPublished: 'content-published',
  PurchaseRecorded: 'purchase-recorded',
  Rebuild: 'rebuild',
  ContentClassified: 'content-classified',
  CategoryChanged: 'category-changed',
  LessonOpened: 'lesson-opened',
  ContentUnlisted: 'content-unlisted',
  LessonCompleted: 'lesson-completed',
  CourseCompleted: 'course-completed',
  ReviewPosted: 'review-posted',
  ReviewRemoved: 'review-removed',
} as const;

/** Job names on QueueName.RecommendationNeighbours. */
export const RecommendationNeighboursJob = {
  Refresh: 'refresh-neighbours',
} as const;

/** Job names on QueueName.RecommendationLists. */
export const RecommendationListsJob = {
  PrecomputeAfterBatch: 'precompute-lists',
} as const;

/** The batch whose lists to compute (a rerun continues; a batch no longer current is left to the next one's job). */
export interface PrecomputeListsJobData {
  readonly batchId: string;
}

/** Whose user-kNN neighbours to recompute (from their interactions as they are when the job runs). */
export interface RefreshNeighboursJobData {
  readonly userId: string;
}

/**
 * How long a refresh waits after the interaction that asked for it: the views, completions and
 * purchases of a burst in that time are covered by one recomputation.
 */
export const REFRESH_NEIGHBOURS_DELAY_MS = 500;

/** A relayed event as a job carries it: BullMQ stores job data as JSON, so dates arrive as ISO strings. */
export type RelayedJobData<E extends DomainEvent> = Omit<RecordedEvent<E>, 'createdAt'> & { readonly createdAt: string };

/** An approval, a republication or an unhiding (the same listing): the item is on the catalogue (an unhiding: unless its `status` says it is still unpublished). */
export type ContentPublishedJobData = RelayedJobData<ContentApproved | ContentRepublished | ContentUnhidden>;
export type ContentUnlistedJobData = RelayedJobData<ContentUnlisted>;
export type PurchaseRecordedJobData = RelayedJobData<OrderPaid>;
export type ContentClassifiedJobData = RelayedJobData<ContentClassified>;
export type CategoryChangedJobData = RelayedJobData<CategoryNamed | CategoryDeleted>;
export type LessonOpenedJobData = RelayedJobData<LessonOpened>;
export type LessonCompletedJobData = RelayedJobData<LessonCompleted>;
export type CourseCompletedJobData = RelayedJobData<CertificateIssued>;
export type ReviewPostedJobData = RelayedJobData<ReviewPosted>;
export type ReviewRemovedJobData = RelayedJobData<ReviewRemoved>;

/** What the repeatable schedule enqueues; a relayed request carries the whole event instead. */
export interface ScheduledRebuildJobData {
  readonly trigger: 'schedule';
}
export type RebuildJobData = RelayedJobData<RebuildRequested> | ScheduledRebuildJobData;

/** The id of the BullMQ job scheduler that enqueues the periodic rebuild. */
export const REBUILD_SCHEDULER_ID = 'recommendation-rebuild';
