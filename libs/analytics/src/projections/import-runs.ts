import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { DomainError, systemContext } from '#platform';
import { ImportActivity } from '../commands/import-activity.js';
import type { ImportFormat } from '../imports/import-formats.js';

/**
 * Runs an uploaded import in the worker: streams the kept text into the raw table, reporting
 * progress, then records the outcome and lets the text go. A finished import is not run again; a
 * crashed one runs again from the start, and cleansing drops the rows stored twice.
 */
@Injectable()
export class ImportRuns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
  ) {}

  async run(importId: string, onProgress: (rows: number) => Promise<unknown>): Promise<{ status: string; rows: number }> {
    const [[upload]] = await this.dataSource.query(
      `UPDATE analytics_imports SET status = 'running' WHERE import_id = $1 AND status IN ('queued', 'running')
       RETURNING format, time_zone, content`,
      [importId],
    );
    if (!upload) {
      const [done] = await this.dataSource.query(`SELECT status, rows FROM analytics_imports WHERE import_id = $1`, [importId]);
      return { status: done?.status ?? 'missing', rows: done?.rows ?? 0 };
    }
    const progress = async (rows: number) => {
      await this.dataSource.query(`UPDATE analytics_imports SET rows = $2 WHERE import_id = $1 AND status = 'running'`, [importId, rows]);
      await onProgress(rows);
    };
    try {
      const receipt = await this.commands.execute(
        new ImportActivity(systemContext(), Readable.from([upload.content as string]), upload.format as ImportFormat, upload.time_zone, progress, importId),
      );
      await this.finish(importId, 'done', receipt.rows, null);
      return { status: 'done', rows: receipt.rows };
    } catch (error) {
      // A file that stops making sense fails the same way every time: recorded, not retried.
      if (!(error instanceof DomainError) || error.code !== 'ANALYTICS.IMPORT_UNREADABLE') throw error;
      const rows = error.details!.records as number;
      await this.finish(importId, 'failed', rows, error.message);
      return { status: 'failed', rows };
    }
  }

  private async finish(importId: string, status: 'done' | 'failed', rows: number, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE analytics_imports SET status = $2, rows = $3, error = $4, content = NULL, finished_at = now() WHERE import_id = $1`,
      [importId, status, rows, error],
    );
  }
}
