import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { type AnomalyCounts, DetectSecurityAnomalies } from '../commands/detect-security-anomalies.js';
import { SecurityJob } from './security-jobs.js';

/** Thin: one scan; a rerun only brings the same alerts up to date. */
@Processor(QueueName.Security)
@HandlesJobs({ queue: QueueName.Security, jobNames: Object.values(SecurityJob) })
export class SecurityProcessor extends WorkerHost {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async process(job: Job): Promise<AnomalyCounts> {
    if (job.name !== SecurityJob.DetectAnomalies) throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Security}`);
    return this.commands.execute(new DetectSecurityAnomalies());
  }
}
