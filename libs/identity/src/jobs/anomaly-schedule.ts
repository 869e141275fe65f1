import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, QueueName } from '#platform';
import { ANOMALY_SCHEDULER_ID, type DetectAnomaliesJobData, SecurityJob } from './security-jobs.js';

/** Keeps the periodic security scan scheduled; every worker upserts the same scheduler, so it exists once. */
@Injectable()
export class AnomalySchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Security) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      ANOMALY_SCHEDULER_ID,
      { every: this.config.securityAlerts.everySeconds * 1000 },
      {
        name: SecurityJob.DetectAnomalies,
        data: { trigger: 'schedule' } satisfies DetectAnomaliesJobData,
        opts: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86_400 } },
      },
    );
  }
}
