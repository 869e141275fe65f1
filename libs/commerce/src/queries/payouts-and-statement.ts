import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { ACCOUNTS } from '../domain/ledger.js';

export interface PayoutView {
  payoutId: string;
  creatorId: string;
  amountCents: number;
  currency: string;
  status: 'requested' | 'approved' | 'rejected' | 'paid' | 'failed' | 'reversed';
  reason: string | null;
  requestedAt: string;
  decidedAt: string | null;
  settledAt: string | null;
}

interface PayoutRow {
  payout_id: string;
  creator_id: string;
  amount_cents: string;
  currency: string;
  status: PayoutView['status'];
  reason: string | null;
  requested_at: Date;
  decided_at: Date | null;
  settled_at: Date | null;
  updated_at: Date;
}

const toPayoutView = (row: PayoutRow): PayoutView => ({
  payoutId: row.payout_id,
  creatorId: row.creator_id,
  amountCents: Number(row.amount_cents),
  currency: row.currency.trim(),
  status: row.status,
  reason: row.reason,
  requestedAt: row.requested_at.toISOString(),
  decidedAt: row.decided_at?.toISOString() ?? null,
  settledAt: row.settled_at?.toISOString() ?? null,
});

/** Payouts, most recently changed first: one creator's, or everyone's for finance; optionally of one status. */
export class ListPayouts extends Query<{ items: PayoutView[]; nextCursor: string | null }> {
  constructor(
    readonly filter: { creatorId?: string; status?: PayoutView['status']; payoutId?: string },
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListPayouts)
export class ListPayoutsHandler implements IQueryHandler<ListPayouts> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListPayouts): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: PayoutRow[] = await this.dataSource.query(
      `SELECT * FROM commerce_payouts
        WHERE ($1::uuid IS NULL OR creator_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR payout_id = $3)
          AND ($4::timestamptz IS NULL OR (updated_at, payout_id) < ($4::timestamptz, $5::uuid))
        ORDER BY updated_at DESC, payout_id DESC
        LIMIT $6`,
      [filter.creatorId ?? null, filter.status ?? null, filter.payoutId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, toPayoutView, (row) => [row.updated_at.toISOString(), row.payout_id]);
  }
}

export interface StatementLine {
  /**
   * sale, membership (a period of one of their plans), refund (taken back), chargeback (taken back by the buyer's bank),
   * dispute-won (a chargeback reversed: the bank gave it back), refund-due (paid for something already held), or payout.
   */
  kind: 'sale' | 'membership' | 'refund' | 'chargeback' | 'dispute-won' | 'refund-due' | 'payout';
  /** The ledger transaction the line belongs to (`order-paid:<order>`, `refund:<refund>`, `payout:<payout>` …). */
  transactionId: string;
  orderId: string | null;
  /** earnings: what we owe the creator; debt: what they owe us (taken back beyond what we owed them, settled by later earnings). */
  account: 'earnings' | 'debt';
  /** Positive: earned (or debt settled); negative: taken back or paid out (or debt incurred). */
  amountCents: number;
  currency: string;
  postedAt: string;
}

const KINDS: Record<string, StatementLine['kind']> = {
  'order-paid': 'sale',
  membership: 'membership',
  refund: 'refund',
  chargeback: 'chargeback',
  'refund-due': 'refund-due',
  payout: 'payout',
};

/** Every line of a creator's payable and debt accounts, newest first, each linked to the order, refund or payout that moved it. */
export class GetEarningsStatement extends Query<{ items: StatementLine[]; nextCursor: string | null }> {
  constructor(
    readonly creatorId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetEarningsStatement)
export class GetEarningsStatementHandler implements IQueryHandler<GetEarningsStatement> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ creatorId, limit, cursor }: GetEarningsStatement): Promise<{ items: StatementLine[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['integer']);
    const payable = ACCOUNTS.creatorPayable(creatorId);
    const rows: { id: string; account: string; transaction_id: string; order_id: string | null; amount_cents: string; currency: string; posted_at: Date }[] =
      await this.dataSource.query(
        `SELECT id, account, transaction_id, order_id, amount_cents, currency, posted_at FROM commerce_ledger_lines
          WHERE account IN ($1, $4) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
        [payable, after?.[0] ?? null, limit + 1, ACCOUNTS.creatorReceivable(creatorId)],
      );
    return toPage(
      rows,
      limit,
      (row) => ({
        // A chargeback's reversal is posted under its key: `chargeback:<order or payment>:won`.
        kind: row.transaction_id.startsWith('chargeback:') && row.transaction_id.endsWith(':won') ? 'dispute-won' : (KINDS[row.transaction_id.split(':')[0]!] ?? 'sale'),
        transactionId: row.transaction_id,
        orderId: row.order_id,
        account: row.account === payable ? 'earnings' : 'debt',
        // The payable is a credit account (what we owe grows with negative lines); the debt an asset (what they owe grows with positive ones).
        amountCents: -Number(row.amount_cents),
        currency: row.currency.trim(),
        postedAt: row.posted_at.toISOString(),
      }),
      (row) => [Number(row.id)],
    );
  }
}
