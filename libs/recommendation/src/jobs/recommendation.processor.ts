import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { NewItemNeighbourhoods } from '../projections/new-item-neighbourhoods.js';
import { RecommendationReadModel } from '../projections/recommendation-read-model.js';
import { RecommendationSignals } from '../projections/recommendation-signals.js';
import { type BatchOutcome, type SimilarityBatch, SimilarityBatches } from '../projections/similarity-batches.js';
import {
  type CategoryChangedJobData,
  type ContentClassifiedJobData,
  type ContentPublishedJobData,
  type ContentUnlistedJobData,
  type CourseCompletedJobData,
  type LessonCompletedJobData,
  type LessonOpenedJobData,
  type PrecomputeListsJobData,
  type PurchaseRecordedJobData,
  type RebuildJobData,
  REFRESH_NEIGHBOURS_DELAY_MS,
  RecommendationJob,
  RecommendationListsJob,
  RecommendationNeighboursJob,
  type RefreshNeighboursJobData,
  type ReviewPostedJobData,
  type ReviewRemovedJobData,
} from './recommendation-jobs.js';

/**
 * Thin jobs: each write is an upsert or insert-if-absent, so a retried or replayed job changes
 * nothing. Failures are retried with backoff and then stay in the failed set with their reason.
 */
@Processor(QueueName.Recommendation)
@HandlesJobs({ queue: QueueName.Recommendation, jobNames: Object.values(RecommendationJob) })
export class RecommendationProcessor extends WorkerHost {
  constructor(
    private readonly readModel: RecommendationReadModel,
    private readonly batches: SimilarityBatches,
    private readonly signals: RecommendationSignals,
    private readonly newItems: NewItemNeighbourhoods,
    @InjectQueue(QueueName.RecommendationNeighbours) private readonly neighbours: Queue,
    @InjectQueue(QueueName.RecommendationLists) private readonly lists: Queue,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case RecommendationJob.ContentPublished:
        return this.contentPublished(job.data as ContentPublishedJobData);
      case RecommendationJob.PurchaseRecorded:
        return this.purchaseRecorded(job.data as PurchaseRecordedJobData);
      case RecommendationJob.LessonCompleted:
        return this.lessonCompleted(job.data as LessonCompletedJobData, job.attemptsMade > 0);
      case RecommendationJob.CourseCompleted:
        return this.courseCompleted(job.data as CourseCompletedJobData, job.attemptsMade > 0);
      case RecommendationJob.ReviewPosted:
        return this.reviewPosted(job.data as ReviewPostedJobData, job.attemptsMade > 0);
      case RecommendationJob.ReviewRemoved:
        return this.reviewRemoved(job.data as ReviewRemovedJobData, job.attemptsMade > 0);
      case RecommendationJob.Rebuild:
        return this.rebuild(job as Job<RebuildJobData>);
      case RecommendationJob.ContentClassified:
        return this.contentClassified(job.data as ContentClassifiedJobData);
      case RecommendationJob.CategoryChanged:
        return this.categoryChanged(job.data as CategoryChangedJobData);
      case RecommendationJob.LessonOpened:
        return this.lessonOpened(job.data as LessonOpenedJobData, job.attemptsMade > 0);
      case RecommendationJob.ContentUnlisted:
        return this.contentUnlisted(job.data as ContentUnlistedJobData);
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Recommendation}`);
    }
  }

  async contentPublished(event: ContentPublishedJobData): Promise<{ written: boolean }> {
    // Unhidden but still unpublished by its creator: it stays out, as it was while hidden.
    if (event.type === 'catalog.content-unhidden' && 'status' in event.data && event.data.status !== 'published') {
      return { written: await this.readModel.recordUnlistedItem(event.data.contentId, event.globalPosition) };
    }
    const { contentId, title, kind, creatorId, publishedAt, summary, tags } = event.data;
    const written = await this.readModel.recordPublishedItem({ contentId, title, kind, creatorId, publishedAt, summary, tags }, event.globalPosition);
    // Its content neighbours now rather than at the next batch (a replay recomputes the same rows).
    await this.newItems.compute(contentId);
    return { written };
  }

  /** Unpublished or hidden: never recommended again, nor shown as similar, until it is republished. */
  async contentUnlisted(event: ContentUnlistedJobData): Promise<{ written: boolean }> {
    return { written: await this.readModel.recordUnlistedItem(event.data.contentId, event.globalPosition) };
  }

  async contentClassified(event: ContentClassifiedJobData): Promise<{ written: boolean }> {
    const { contentId, categoryId, tags } = event.data;
    const written = await this.readModel.recordClassification({ contentId, categoryId, tags }, event.globalPosition);
    // Its category and tags are terms of the content model: its neighbours follow them (a replay recomputes the same rows).
    await this.newItems.compute(contentId);
    return { written };
  }

  async categoryChanged(event: CategoryChangedJobData): Promise<{ written: boolean }> {
    const { categoryId, name } = event.data as { categoryId: string; name?: string };
    const written =
      event.type === 'catalog.category-deleted'
        ? await this.readModel.recordCategoryDeleted(categoryId, event.globalPosition)
        : await this.readModel.recordCategoryName(categoryId, name!, event.globalPosition);
    return { written };
  }

  async purchaseRecorded(event: PurchaseRecordedJobData): Promise<{ inserted: number }> {
    const { buyerId, items } = event.data;
    // A paid question is sold as an order item but is no content: nothing to recommend, nothing bought together.
    const contentIds = items.filter((item) => item.kind !== 'question').map((item) => item.contentId);
    const inserted = await this.readModel.recordPurchases(buyerId, contentIds, event.createdAt);
    // The buyer's user-kNN neighbours follow within a second, on their own queue (a rerun asks again: one refresh at most is pending).
    await this.refreshNeighbours(buyerId);
    return { inserted };
  }

  /** A lesson opened: the category a newcomer browsed (rec_browsed), and a view signal (the first per item). */
  async lessonOpened(event: LessonOpenedJobData, retried = false): Promise<{ inserted: number }> {
    const { userId, contentId, openedAt } = event.data;
    const browsed = await this.readModel.recordBrowsed(userId, contentId, openedAt);
    const viewed = await this.signals.recordAct('view', userId, contentId, openedAt, event.globalPosition);
    await this.refreshed(userId, viewed || retried);
    return { inserted: browsed || viewed ? 1 : 0 };
  }

  async lessonCompleted(event: LessonCompletedJobData, retried = false): Promise<{ inserted: number }> {
    const { userId, contentId, completedAt } = event.data;
    const completed = await this.signals.recordAct('completion', userId, contentId, completedAt, event.globalPosition);
    await this.refreshed(userId, completed || retried);
    return { inserted: completed ? 1 : 0 };
  }

  /** Every lesson of a course completed (its certificate issued): a course-completion signal, once per learner and course. */
  async courseCompleted(event: CourseCompletedJobData, retried = false): Promise<{ inserted: number }> {
    const { learnerId, statement } = event.data;
    const completed = await this.signals.recordAct('course-completion', learnerId, statement.courseId, statement.completedAt, event.globalPosition);
    await this.refreshed(learnerId, completed || retried);
    return { inserted: completed ? 1 : 0 };
  }

  async reviewPosted(event: ReviewPostedJobData, retried = false): Promise<{ written: boolean }> {
    const { userId, contentId, stars } = event.data;
    const written = await this.signals.recordRating(userId, contentId, stars, event.createdAt, event.globalPosition);
    await this.refreshed(userId, written || retried);
    return { written };
  }

  async reviewRemoved(event: ReviewRemovedJobData, retried = false): Promise<{ written: boolean }> {
    const { userId, contentId } = event.data;
    const written = await this.signals.recordRating(userId, contentId, null, event.createdAt, event.globalPosition);
    await this.refreshed(userId, written || retried);
    return { written };
  }

  /**
   * Recomputes the learner's user-kNN neighbours when their interactions changed, or on a retry (the
   * first attempt may have written the signal and failed before the neighbours): a repeated event,
   * nothing new, costs nothing.
   */
  private async refreshed(userId: string, changed: boolean): Promise<void> {
    if (changed) await this.refreshNeighbours(userId);
  }

  /**
   * Asks for the learner's neighbours to be recomputed, REFRESH_NEIGHBOURS_DELAY_MS from now, on
   * QueueName.RecommendationNeighbours: while one is waiting, more asks for the same learner add
   * nothing (it reads the interactions when it runs); while one runs, one more is kept to follow
   * it (it may have read them before this interaction), so a burst costs at most two.
   */
  private async refreshNeighbours(userId: string): Promise<void> {
    await this.neighbours.add(RecommendationNeighboursJob.Refresh, { userId } satisfies RefreshNeighboursJobData, {
      delay: REFRESH_NEIGHBOURS_DELAY_MS,
      deduplication: { id: `neighbours-${userId}`, keepLastIfActive: true },
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /**
   * Runs (or, after a failure, continues) the similarity batch of this trigger; progress moves
   * after every chunk the batch commits, and is 100 once readers have the new batch. Then every
   * learner's list is precomputed for it on its own queue (one job per batch; a rerun asks again and
   * that job skips the lists already done).
   */
  async rebuild(job: Job<RebuildJobData>): Promise<BatchOutcome> {
    const outcome = await this.batches.rebuild(batchOf(job), (percent) => job.updateProgress(percent));
    await job.updateProgress(100);
    await this.lists.add(RecommendationListsJob.PrecomputeAfterBatch, { batchId: outcome.batchId } satisfies PrecomputeListsJobData, {
      jobId: `lists-${outcome.batchId}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return outcome;
  }
}

/** A relayed request is keyed by its event, a scheduled run by its scheduler job: reruns of either are no-ops. */
function batchOf(job: Job<RebuildJobData>): SimilarityBatch {
  const data = job.data;
  if ('type' in data) {
    return { id: `event-${data.globalPosition}`, trigger: 'manual', requestedBy: data.data.requestedBy };
  }
  return { id: `schedule-${job.id}`, trigger: 'schedule', requestedBy: null };
}
