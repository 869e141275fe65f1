import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, QueueName } from '#platform';
import { AnalyticsJob, CLEANSE_SCHEDULER_ID, CleansingJob, PARTITIONS_SCHEDULER_ID, REFRESH_SCHEDULER_ID } from './analytics-jobs.js';

const OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: false, // the failed set is the dead-letter record
};

/** Keeps the pipeline's periodic jobs scheduled; every worker upserts the same schedulers, so each exists once. */
@Injectable()
export class AnalyticsSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Cleansing) private readonly cleansing: Queue,
    @InjectQueue(QueueName.Analytics) private readonly analytics: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { cleansingEveryMs, analyticsEveryMs } = this.config.analytics;
    await this.cleansing.upsertJobScheduler(CLEANSE_SCHEDULER_ID, { every: cleansingEveryMs }, { name: CleansingJob.Cleanse, opts: OPTIONS });
    await this.cleansing.upsertJobScheduler(PARTITIONS_SCHEDULER_ID, { every: 6 * 3600_000 }, { name: CleansingJob.MaintainPartitions, opts: OPTIONS });
    await this.analytics.upsertJobScheduler(REFRESH_SCHEDULER_ID, { every: analyticsEveryMs }, { name: AnalyticsJob.Refresh, opts: OPTIONS });
  }
}
