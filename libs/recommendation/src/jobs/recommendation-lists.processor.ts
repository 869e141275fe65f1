import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { DEFAULT_PRECOMPUTE_SETTINGS, PrecomputedLists } from '../projections/precomputed-lists.js';
import { type PrecomputeListsJobData, RecommendationListsJob } from './recommendation-jobs.js';

/**
 * Computes every learner's list for a batch that has just become current (enqueued by the rebuild
 * job). Its own queue: minutes of work at scale that must not hold up the relay of purchases nor
 * the per-learner refreshes. Progress is the share of learners done; a rerun skips the lists the
 * batch already has.
 */
@Processor(QueueName.RecommendationLists)
@HandlesJobs({ queue: QueueName.RecommendationLists, jobNames: Object.values(RecommendationListsJob) })
export class RecommendationListsProcessor extends WorkerHost {
  constructor(private readonly lists: PrecomputedLists) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case RecommendationListsJob.PrecomputeAfterBatch: {
        const { batchId } = job.data as PrecomputeListsJobData;
        const outcome = await this.lists.precomputeAfterBatch(batchId, DEFAULT_PRECOMPUTE_SETTINGS, (done, total) =>
          job.updateProgress(Math.min(99, Math.floor((100 * done) / total))),
        );
        await job.updateProgress(100);
        return outcome;
      }
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.RecommendationLists}`);
    }
  }
}
