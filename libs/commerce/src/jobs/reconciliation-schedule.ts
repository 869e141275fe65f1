import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, QueueName } from '#platform';
import { BillingJob, type ReconcileJobData } from './billing-jobs.js';

const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: false, // the failed set is the dead-letter record
} as const;

/** Keeps reconciliation scheduled; every worker upserts the same schedulers, so each exists once. */
@Injectable()
export class ReconciliationSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Billing) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      BillingJob.ReconcilePending,
      { every: this.config.reconcileEveryMs },
      { name: BillingJob.ReconcilePending, data: {} satisfies ReconcileJobData, opts: JOB_OPTIONS },
    );
    await this.queue.upsertJobScheduler(
      BillingJob.ReconcileSettlements,
      { pattern: '30 0 * * *', tz: 'UTC' },
      { name: BillingJob.ReconcileSettlements, data: {} satisfies ReconcileJobData, opts: JOB_OPTIONS },
    );
  }
}
