import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface QuarantinedRowView {
  id: number;
  batchId: number;
  source: string;
  sourceEventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  reason: string;
  detail: string;
  status: 'open' | 'fixed' | 'discarded';
}

/** Rows cleansing could not save, oldest first, by status (open by default) and reason. */
export class ListQuarantine extends Query<{ items: QuarantinedRowView[]; nextCursor: string | null }> {
  constructor(
    readonly filter: { status: string; reason?: string },
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListQuarantine)
export class ListQuarantineHandler implements IQueryHandler<ListQuarantine> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListQuarantine): Promise<{ items: QuarantinedRowView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['integer']);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM analytics_quarantine
        WHERE status = $1 AND ($2::text IS NULL OR reason = $2) AND ($3::bigint IS NULL OR id > $3)
        ORDER BY id LIMIT $4`,
      [filter.status, filter.reason ?? null, after?.[0] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        id: Number(row.id),
        batchId: Number(row.batch_id),
        source: row.source as string,
        sourceEventId: row.source_event_id as string,
        eventType: row.event_type as string,
        payload: row.payload as Record<string, unknown>,
        reason: row.reason as string,
        detail: row.detail as string,
        status: row.status as QuarantinedRowView['status'],
      }),
      (row) => [Number(row.id)],
    );
  }
}
