import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import type { DifferenceKind } from '../domain/reconciliation.js';

export interface ReconciliationDifferenceView {
  provider: string;
  day: string;
  /** null: a day's fees (fee_unrecorded). */
  paymentId: string | null;
  refundId: string | null;
  kind: DifferenceKind;
  providerCents: number | null;
  ledgerCents: number | null;
  currency: string;
  foundAt: string;
}

interface DifferenceRow {
  provider: string;
  day: string;
  payment_id: string;
  refund_id: string;
  kind: DifferenceKind;
  provider_cents: string | null;
  ledger_cents: string | null;
  currency: string;
  found_at: Date;
}

/** What reconciliation found between the providers' settlements and the ledger, latest day first. */
export class ListReconciliationDifferences extends Query<{ items: ReconciliationDifferenceView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListReconciliationDifferences)
export class ListReconciliationDifferencesHandler implements IQueryHandler<ListReconciliationDifferences> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: ListReconciliationDifferences): Promise<{ items: ReconciliationDifferenceView[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, ['key', 'key', 'key', 'key']);
    // The day is compared as its text (YYYY-MM-DD sorts as the date does), so no cursor reaches SQL as a bad cast.
    const rows: DifferenceRow[] = await this.dataSource.query(
      `SELECT provider, day::text AS day, payment_id, refund_id, kind, provider_cents, ledger_cents, currency, found_at
         FROM commerce_reconciliation_differences
        WHERE $1::text IS NULL OR (day::text, provider, payment_id, refund_id) < ($1::text, $2::text, $3::text, $4::text)
        ORDER BY day DESC, provider DESC, payment_id DESC, refund_id DESC
        LIMIT $5`,
      [after?.[0] ?? null, after?.[1] ?? null, after?.[2] === '-' ? '' : (after?.[2] ?? null), after?.[3] === '-' ? '' : (after?.[3] ?? null), query.limit + 1],
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({
        provider: row.provider,
        day: row.day,
        paymentId: row.payment_id === '' ? null : row.payment_id,
        refundId: row.refund_id === '' || row.refund_id === 'chargeback' || row.kind === 'fee_unrecorded' ? null : row.refund_id,
        kind: row.kind,
        providerCents: row.provider_cents === null ? null : Number(row.provider_cents),
        ledgerCents: row.ledger_cents === null ? null : Number(row.ledger_cents),
        currency: row.currency.trim(),
        foundAt: row.found_at.toISOString(),
      }),
      // A capture's difference has no refund id, a day's fees no payment id: '-' in the cursor (a key is never empty).
      (row) => [row.day, row.provider, row.payment_id || '-', row.refund_id || '-'],
    );
  }
}
