import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { type RefundRow, type RefundView, toRefundView } from './refund-view.js';

/**
 * Refunds, most recently changed first: one buyer's (`buyerId`), or everyone's for finance;
 * optionally of one status (finance works the `requested` ones).
 */
export class ListRefunds extends Query<{ items: RefundView[]; nextCursor: string | null }> {
  constructor(
    readonly filter: { buyerId?: string; status?: RefundView['status'] },
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

/** One refund by id, or null. */
export class GetRefund extends Query<RefundView | null> {
  constructor(readonly refundId: string) {
    super();
  }
}

@QueryHandler(ListRefunds)
export class ListRefundsHandler implements IQueryHandler<ListRefunds> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListRefunds): Promise<{ items: RefundView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'key']);
    const rows: RefundRow[] = await this.dataSource.query(
      `SELECT * FROM commerce_refunds
        WHERE ($1::uuid IS NULL OR buyer_id = $1) AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (updated_at, refund_id) < ($3::timestamptz, $4::text))
        ORDER BY updated_at DESC, refund_id DESC
        LIMIT $5`,
      [filter.buyerId ?? null, filter.status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, toRefundView, (row) => [row.updated_at.toISOString(), row.refund_id]);
  }
}

@QueryHandler(GetRefund)
export class GetRefundHandler implements IQueryHandler<GetRefund> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ refundId }: GetRefund): Promise<RefundView | null> {
    const [row]: RefundRow[] = await this.dataSource.query(`SELECT * FROM commerce_refunds WHERE refund_id = $1`, [refundId]);
    return row ? toRefundView(row) : null;
  }
}
