import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface RefundDueView {
  /** What the money was for: an order, or a membership (a charge that came after it ended or was paid another way). */
  orderId: string | null;
  subscriptionId: string | null;
  reason: 'already-owned' | 'late-payment' | 'late-subscription-payment';
  buyerId: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  contentIds: string[];
  recordedAt: string;
}

interface RefundDueRow {
  order_id: string | null;
  subscription_id: string | null;
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
    const after = decodeCursor(query.cursor, ['timestamp', 'key']);
    const rows: RefundDueRow[] = await this.dataSource.query(
      `SELECT order_id, subscription_id, reason, buyer_id, payment_id, amount_cents, currency, content_ids::text[] AS content_ids, recorded_at
         FROM commerce_refunds_due
        WHERE $1::timestamptz IS NULL OR (recorded_at, payment_id) < ($1::timestamptz, $2::text)
        ORDER BY recorded_at DESC, payment_id DESC
        LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({
        orderId: row.order_id,
        subscriptionId: row.subscription_id,
        reason: row.reason,
        buyerId: row.buyer_id,
        paymentId: row.payment_id,
        amountCents: Number(row.amount_cents),
        currency: row.currency.trim(),
        contentIds: row.content_ids,
        recordedAt: row.recorded_at.toISOString(),
      }),
      (row) => [row.recorded_at.toISOString(), row.payment_id],
    );
  }
}
