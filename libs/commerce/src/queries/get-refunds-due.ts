import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface RefundDueView {
  orderId: string;
  reason: 'already-owned' | 'late-payment';
  buyerId: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  contentIds: string[];
  recordedAt: string;
}

interface RefundDueRow {
  order_id: string;
  reason: RefundDueView['reason'];
  buyer_id: string;
  payment_id: string;
  amount_cents: string;
  currency: string;
  content_ids: string[];
  recorded_at: Date;
}

/** Money received that bought nothing, newest first: what finance owes back to buyers. */
export class GetRefundsDue extends Query<{ items: RefundDueView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetRefundsDue)
export class GetRefundsDueHandler implements IQueryHandler<GetRefundsDue> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetRefundsDue): Promise<{ items: RefundDueView[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows: RefundDueRow[] = await this.dataSource.query(
      `SELECT order_id, reason, buyer_id, payment_id, amount_cents, currency, content_ids::text[] AS content_ids, recorded_at
         FROM commerce_refunds_due
        WHERE $1::timestamptz IS NULL OR (recorded_at, order_id) < ($1::timestamptz, $2::uuid)
        ORDER BY recorded_at DESC, order_id DESC
        LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({
        orderId: row.order_id,
        reason: row.reason,
        buyerId: row.buyer_id,
        paymentId: row.payment_id,
        amountCents: Number(row.amount_cents),
        currency: row.currency.trim(),
        contentIds: row.content_ids,
        recordedAt: row.recorded_at.toISOString(),
      }),
      (row) => [row.recorded_at.toISOString(), row.order_id],
    );
  }
}
