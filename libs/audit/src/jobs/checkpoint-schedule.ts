import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, QueueName } from '#platform';
import { AuditJob, CHECKPOINT_SCHEDULER_ID, type CheckpointJobData } from './audit-jobs.js';

/** Keeps the periodic audit checkpoint scheduled; every worker upserts the same scheduler, so it exists once. */
@Injectable()
export class CheckpointSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Audit) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      CHECKPOINT_SCHEDULER_ID,
      { every: this.config.auditCheckpointSeconds * 1000 },
      {
        name: AuditJob.Checkpoint,
        data: { trigger: 'schedule' } satisfies CheckpointJobData,
        opts: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86_400 } },
      },
    );
  }
}
