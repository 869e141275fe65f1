import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { AnalyticsBuild } from '../projections/analytics-build.js';
import { AnalyticsJob, type ItemPublishedJobData } from './analytics-jobs.js';

/** Thin jobs: an item is an upsert, a refresh recomputes what new batches touched; reruns change nothing. */
@Processor(QueueName.Analytics)
@HandlesJobs({ queue: QueueName.Analytics, jobNames: Object.values(AnalyticsJob) })
export class AnalyticsProcessor extends WorkerHost {
  constructor(private readonly build: AnalyticsBuild) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case AnalyticsJob.ItemPublished:
        return this.build.recordItem(job.data as ItemPublishedJobData);
      case AnalyticsJob.Refresh: {
        const outcome = await this.build.refresh();
        await job.updateProgress(100);
        return outcome;
      }
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Analytics}`);
    }
  }
}
