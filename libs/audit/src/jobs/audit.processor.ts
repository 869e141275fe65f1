import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { WriteAuditCheckpoint } from '../commands/write-audit-checkpoint.js';
import type { AuditCheckpoint } from '../projections/audit-checkpoint.row.js';
import { AuditJob } from './audit-jobs.js';

/**
 * Thin: a checkpoint of the chain as it is now. A rerun signs nothing new unless the chain grew; a
 * chain that does not verify fails the job (the failed set and the log say where), and the next
 * run tries again.
 */
@Processor(QueueName.Audit)
@HandlesJobs({ queue: QueueName.Audit, jobNames: Object.values(AuditJob) })
export class AuditProcessor extends WorkerHost {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async process(job: Job): Promise<AuditCheckpoint> {
    if (job.name !== AuditJob.Checkpoint) throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Audit}`);
    return this.commands.execute(new WriteAuditCheckpoint(null));
  }
}
