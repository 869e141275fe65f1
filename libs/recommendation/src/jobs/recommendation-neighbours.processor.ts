import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { PrecomputedLists } from '../projections/precomputed-lists.js';
import { RecommendationSignals } from '../projections/recommendation-signals.js';
import { RecommendationNeighboursJob, type RefreshNeighboursJobData } from './recommendation-jobs.js';

/**
 * Recomputes one learner's user-kNN neighbours (USER_NEIGHBOURS_SQL), then their precomputed
 * hybrid list (what they own and their signals may have changed it). Its own queue, so a burst of
 * refreshes never delays the recommendation queue that records purchases and signals; the jobs
 * are deduplicated per learner (`RecommendationProcessor.refreshNeighbours`). A rerun recomputes
 * from the data as it is then: the same result, or a fresher one.
 */
@Processor(QueueName.RecommendationNeighbours)
@HandlesJobs({ queue: QueueName.RecommendationNeighbours, jobNames: Object.values(RecommendationNeighboursJob) })
export class RecommendationNeighboursProcessor extends WorkerHost {
  constructor(
    private readonly signals: RecommendationSignals,
    private readonly lists: PrecomputedLists,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case RecommendationNeighboursJob.Refresh: {
        const { userId } = job.data as RefreshNeighboursJobData;
        await this.signals.refreshNeighbours(userId);
        await this.lists.refresh(userId);
        return { refreshed: true };
      }
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.RecommendationNeighbours}`);
    }
  }
}
