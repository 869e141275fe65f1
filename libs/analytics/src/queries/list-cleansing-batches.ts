import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface CleansingBatchView {
  batchId: number;
  finishedAt: string;
  rowsIn: number;
  rowsOut: number;
  duplicates: number;
  nearDuplicates: number;
  imputed: Record<string, number>;
  quarantined: Record<string, number>;
}

/** The cleansing batches' reports, newest first (staff only: the route's policy). */
export class ListCleansingBatches extends Query<{ items: CleansingBatchView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListCleansingBatches)
export class ListCleansingBatchesHandler implements IQueryHandler<ListCleansingBatches> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit, cursor }: ListCleansingBatches): Promise<{ items: CleansingBatchView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['integer']);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM analytics_cleansing_batches WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
      [after?.[0] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        batchId: Number(row.id),
        finishedAt: (row.finished_at as Date).toISOString(),
        rowsIn: row.rows_in as number,
        rowsOut: row.rows_out as number,
        duplicates: row.duplicates as number,
        nearDuplicates: row.near_duplicates as number,
        imputed: row.imputed as Record<string, number>,
        quarantined: row.quarantined as Record<string, number>,
      }),
      (row) => [Number(row.id)],
    );
  }
}
