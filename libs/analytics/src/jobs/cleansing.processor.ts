import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName } from '#platform';
import { type ServerFactEvent, serverFactRows } from '../domain/server-facts.js';
import { type BatchResult, CleansingBatches } from '../projections/cleansing-batches.js';
import { ImportRuns } from '../projections/import-runs.js';
import { RawEvents } from '../projections/raw-events.js';
import { CleansingJob, type ImportJobData, type ServerFactJobData, type SessionStartedJobData } from './analytics-jobs.js';

/**
 * Thin jobs. A server fact is keyed by its event's position, so a replayed job only adds raw rows
 * that cleansing drops as exact duplicates; a cleansing run takes whatever is next.
 */
@Processor(QueueName.Cleansing)
@HandlesJobs({ queue: QueueName.Cleansing, jobNames: Object.values(CleansingJob) })
export class CleansingProcessor extends WorkerHost {
  constructor(
    private readonly raw: RawEvents,
    private readonly batches: CleansingBatches,
    private readonly imports: ImportRuns,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case CleansingJob.ServerFact:
        return this.serverFact(job.data as ServerFactJobData);
      case CleansingJob.SessionStarted:
        return this.sessionStarted(job.data as SessionStartedJobData);
      case CleansingJob.Import:
        return this.imports.run((job.data as ImportJobData).data.importId, (rows) => job.updateProgress({ rows }));
      case CleansingJob.Cleanse:
        return this.cleanse(job);
      case CleansingJob.MaintainPartitions:
        return { detached: await this.raw.maintainPartitions() };
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Cleansing}`);
    }
  }

  async serverFact(event: ServerFactJobData): Promise<{ rows: number }> {
    const rows = serverFactRows({ type: event.type, data: event.data } as ServerFactEvent, event.globalPosition, event.createdAt);
    await this.raw.append(rows.map((row) => ({ ...row, source: 'server', deviceId: null, timeZone: null, clientIp: null })));
    return { rows: rows.length };
  }

  /** Remembers when the session began; a replayed job finds it there already. */
  async sessionStarted(event: SessionStartedJobData): Promise<void> {
    await this.raw.recordSession(event.data.sessionId, event.data.userId, event.createdAt);
  }

  /** Batches until the raw rows committed so far are all cleansed. */
  async cleanse(job: Job): Promise<BatchResult[]> {
    const done: BatchResult[] = [];
    for (let batch = await this.batches.runNext(); batch; batch = await this.batches.runNext()) {
      done.push(batch);
      await job.updateProgress({ batches: done.length, rows: done.reduce((sum, b) => sum + b.rowsIn, 0) });
    }
    return done;
  }
}
