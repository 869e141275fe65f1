import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, QueueName } from '#platform';
import { REBUILD_SCHEDULER_ID, RecommendationJob, type ScheduledRebuildJobData } from './recommendation-jobs.js';

/** Keeps the periodic similarity batch scheduled; every worker upserts the same scheduler, so it exists once. */
@Injectable()
export class RebuildSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Recommendation) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REBUILD_SCHEDULER_ID,
      { every: this.config.recommendationRebuildEveryMs },
      {
        name: RecommendationJob.Rebuild,
        data: { trigger: 'schedule' } satisfies ScheduledRebuildJobData,
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: false, // the failed set is the dead-letter record
        },
      },
    );
  }
}
