import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, QueueName } from '#platform';
import { ConsultingJob, SWEEP_SCHEDULER_ID } from './consulting-jobs.js';

/** Keeps the sweep scheduled; every worker upserts the same scheduler, so it exists once. */
@Injectable()
export class ConsultingSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Consulting) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.config.consulting.sweepEveryMs },
      { name: ConsultingJob.SweepUnanswered, opts: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86_400 } } },
    );
  }
}
