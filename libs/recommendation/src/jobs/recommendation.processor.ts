import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { RecommendationReadModel } from '../projections/recommendation-read-model.js';
import { type BatchOutcome, type SimilarityBatch, SimilarityBatches } from '../projections/similarity-batches.js';
import {
  type ContentPublishedJobData,
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
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Recommendation}`);
    }
  }

  async contentPublished(event: ContentPublishedJobData): Promise<{ written: boolean }> {
    const { contentId, title, kind, creatorId, publishedAt } = event.data;
    return { written: await this.readModel.recordPublishedItem({ contentId, title, kind, creatorId, publishedAt }, event.globalPosition) };
  }

  async purchaseRecorded(event: PurchaseRecordedJobData): Promise<{ inserted: number }> {
    const { buyerId, items } = event.data;
    // A paid question is sold as an order item but is no content: nothing to recommend, nothing bought together.
    const contentIds = items.filter((item) => item.kind !== 'question').map((item) => item.contentId);
    return { inserted: await this.readModel.recordPurchases(buyerId, contentIds, event.createdAt) };
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
