import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AnalyticsErrors } from '../domain/analytics.errors.js';

export interface ImportView {
  importId: string;
  format: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Records stored in the raw table so far. */
  rows: number;
  /** The source the rows carry (`import:<id>`). */
  source: string;
  error: string | null;
  requestedAt: string;
  finishedAt: string | null;
}

/** An uploaded import and how far the worker got with it. */
export class GetImport extends Query<ImportView> {
  constructor(readonly importId: string) {
    super();
  }
}

@QueryHandler(GetImport)
export class GetImportHandler implements IQueryHandler<GetImport> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ importId }: GetImport): Promise<ImportView> {
    const [row] = await this.dataSource.query(
      `SELECT import_id, format, status, rows, error, requested_at, finished_at FROM analytics_imports WHERE import_id = $1`,
      [importId],
    );
    if (!row) throw AnalyticsErrors.importNotFound();
    return {
      importId: row.import_id,
      format: row.format,
      status: row.status,
      rows: row.rows,
      source: `import:${row.import_id}`,
      error: row.error,
      requestedAt: row.requested_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }
}
