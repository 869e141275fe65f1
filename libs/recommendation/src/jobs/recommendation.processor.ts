import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { RecommendationReadModel } from '../projections/recommendation-read-model.js';
import { type BatchOutcome, type SimilarityBatch, SimilarityBatches } from '../projections/similarity-batches.js';
import {
  type CategoryChangedJobData,
  type ContentClassifiedJobData,
  type ContentPublishedJobData,
  type ContentUnlistedJobData,
  type LessonOpenedJobData,
  type PurchaseRecordedJobData,
  type RebuildJobData,
  RecommendationJob,
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
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case RecommendationJob.ContentPublished:
        return this.contentPublished(job.data as ContentPublishedJobData);
      case RecommendationJob.PurchaseRecorded:
        return this.purchaseRecorded(job.data as PurchaseRecordedJobData);
      case RecommendationJob.Rebuild:
        return this.rebuild(job as Job<RebuildJobData>);
      case RecommendationJob.ContentClassified:
        return this.contentClassified(job.data as ContentClassifiedJobData);
      case RecommendationJob.CategoryChanged:
        return this.categoryChanged(job.data as CategoryChangedJobData);
      case RecommendationJob.LessonOpened:
        return this.lessonOpened(job.data as LessonOpenedJobData);
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
    return {
      written: await this.readModel.recordPublishedItem({ contentId, title, kind, creatorId, publishedAt, summary, tags }, event.globalPosition),
    };
  }

  /** Unpublished or hidden: never recommended again, nor shown as similar, until it is republished. */
  async contentUnlisted(event: ContentUnlistedJobData): Promise<{ written: boolean }> {
    return { written: await this.readModel.recordUnlistedItem(event.data.contentId, event.globalPosition) };
  }

  async contentClassified(event: ContentClassifiedJobData): Promise<{ written: boolean }> {
    const { contentId, categoryId, tags } = event.data;
    return { written: await this.readModel.recordClassification({ contentId, categoryId, tags }, event.globalPosition) };
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
    return { inserted: await this.readModel.recordPurchases(buyerId, contentIds, event.createdAt) };
  }

  async lessonOpened(event: LessonOpenedJobData): Promise<{ inserted: number }> {
    const { userId, contentId, openedAt } = event.data;
    return { inserted: (await this.readModel.recordBrowsed(userId, contentId, openedAt)) ? 1 : 0 };
  }

  /**
   * Runs (or, after a failure, continues) the similarity batch of this trigger; progress moves
   * after every chunk the batch commits, and is 100 once readers have the new batch.
   */
  async rebuild(job: Job<RebuildJobData>): Promise<BatchOutcome> {
    const outcome = await this.batches.rebuild(batchOf(job), (percent) => job.updateProgress(percent));
    await job.updateProgress(100);
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
