import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName, systemContext } from '#platform';
import { InspectUpload } from '../commands/inspect-upload.js';
import type { Inspection } from '../domain/media-asset.js';
import { type InspectUploadJobData, MediaJob } from './media-jobs.js';

/** Thin: the command inspects only an asset still waiting for it, so a rerun changes nothing. */
@Processor(QueueName.Media, { concurrency: 2 })
@HandlesJobs({ queue: QueueName.Media, jobNames: Object.values(MediaJob) })
export class MediaProcessor extends WorkerHost {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async process(job: Job): Promise<Inspection | null> {
    if (job.name !== MediaJob.InspectUpload) throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Media}`);
    const { data, metadata } = (job as Job<InspectUploadJobData>).data;
    return this.commands.execute(new InspectUpload(data.assetId, systemContext(metadata.requestId)));
  }
}
