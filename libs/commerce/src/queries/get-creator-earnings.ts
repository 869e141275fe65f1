import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ACCOUNTS } from '../domain/ledger.js';

export interface EarningsBalance {
  currency: string;
  /** Earned within the hold period (it covers the refund window), less what refunds of those sales took back: not yet available. */
  pendingCents: number;
  /** Earned, past the hold, less refunds, payouts paid and payouts under way. Negative only while a payout is under way that refunds overtook. */
  availableCents: number;
  /** Payouts under way (requested or approved, not paid yet). */
  payoutsInProgressCents: number;
  /** Paid out so far. */
  paidCents: number;
  /** What the creator owes us: refunds and chargebacks of money paid out already. Their next earnings settle it first. */
  owedToPlatformCents: number;
}

export interface EarningsPeriod {
  /** YYYY-MM, in UTC. */
  month: string;
  currency: string;
  earnedCents: number;
  refundedCents: number;
  paidOutCents: number;
}

export interface CreatorEarnings {
  holdDays: number;
  balances: EarningsBalance[];
  periods: EarningsPeriod[];
}

/**
 * A creator's earnings, read from their payable account in the ledger (so every figure traces to
 * postings): what is pending, available, on its way and paid, and month by month.
 */
export class GetCreatorEarnings extends Query<CreatorEarnings> {
  constructor(readonly creatorId: string) {
    super();
  }
}

@QueryHandler(GetCreatorEarnings)
export class GetCreatorEarningsHandler implements IQueryHandler<GetCreatorEarnings> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ creatorId }: GetCreatorEarnings): Promise<CreatorEarnings> {
    const account = ACCOUNTS.creatorPayable(creatorId);
    const receivable = ACCOUNTS.creatorReceivable(creatorId);
    const holdDays = this.config.earningsHoldDays;
    // Credits (negative) are earnings; debits (positive) are refunds taken back and payouts paid. A
    // refund or chargeback belongs where the sale it reverses is: it comes out of pending while that
    // sale is still held, so a sale refunded within the hold leaves nothing pending and nothing owed.
    const balances: { currency: string; pending: string; matured: string; paid: string; in_progress: string; debt: string; paid_beyond_owed: string }[] =
      await this.dataSource.query(
        `WITH lines AS (
           SELECT l.currency, l.amount_cents, l.transaction_id,
                  coalesce(
                    (SELECT min(sale.posted_at) FROM commerce_ledger_lines sale
                      WHERE sale.account = $1 AND sale.order_id = l.order_id AND sale.amount_cents < 0),
                    CASE WHEN l.amount_cents < 0 THEN l.posted_at ELSE '-infinity'::timestamptz END
                  ) AS earned_at
             FROM commerce_ledger_lines l WHERE l.account = $1
         ), debts AS (
           SELECT currency, sum(amount_cents) AS cents, sum(amount_cents) FILTER (WHERE transaction_id LIKE 'payout:%') AS paid
             FROM commerce_ledger_lines WHERE account = $4 GROUP BY currency
         ), open_payouts AS (
           SELECT currency, sum(amount_cents) AS cents FROM commerce_payouts
            WHERE creator_id = $2 AND status IN ('requested', 'approved') GROUP BY currency
         )
         SELECT c.currency,
                coalesce(-sum(l.amount_cents) FILTER (WHERE l.transaction_id NOT LIKE 'payout:%' AND l.earned_at > now() - make_interval(days => $3)), 0) AS pending,
                coalesce(-sum(l.amount_cents) FILTER (WHERE l.transaction_id NOT LIKE 'payout:%' AND l.earned_at <= now() - make_interval(days => $3)), 0) AS matured,
                coalesce(sum(l.amount_cents) FILTER (WHERE l.transaction_id LIKE 'payout:%'), 0) AS paid,
                coalesce(max(o.cents), 0) AS in_progress,
                coalesce(max(d.cents), 0) AS debt,
                coalesce(max(d.paid), 0) AS paid_beyond_owed
           FROM (SELECT currency FROM lines UNION SELECT currency FROM open_payouts UNION SELECT currency FROM debts) c
           LEFT JOIN lines l ON l.currency = c.currency
           LEFT JOIN open_payouts o ON o.currency = c.currency
           LEFT JOIN debts d ON d.currency = c.currency
          GROUP BY c.currency ORDER BY c.currency`,
        [account, creatorId, holdDays, receivable],
      );
    const periods: { month: string; currency: string; earned: string; refunded: string; paid: string }[] = await this.dataSource.query(
      `SELECT to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, currency,
              -- A dispute won (chargeback:<x>:won) gives back what its chargeback took: it lowers what was taken back, it is not a sale.
              coalesce(-sum(amount_cents) FILTER (WHERE amount_cents < 0 AND transaction_id NOT LIKE 'payout:%' AND transaction_id NOT LIKE 'chargeback:%:won'), 0) AS earned,
              coalesce(sum(amount_cents) FILTER (WHERE transaction_id NOT LIKE 'payout:%' AND (amount_cents > 0 OR transaction_id LIKE 'chargeback:%:won')), 0) AS refunded,
              coalesce(sum(amount_cents) FILTER (WHERE transaction_id LIKE 'payout:%'), 0) AS paid
         FROM commerce_ledger_lines WHERE account = $1
        GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
      [account],
    );
    return {
      holdDays,
      balances: balances.map((row) => ({
        currency: row.currency.trim(),
        pendingCents: Number(row.pending),
        availableCents: Number(row.matured) - Number(row.paid) - Number(row.in_progress),
        payoutsInProgressCents: Number(row.in_progress),
        // A payout that refunds overtook was paid partly out of what the creator now owes us.
        paidCents: Number(row.paid) + Number(row.paid_beyond_owed),
        owedToPlatformCents: Number(row.debt),
      })),
      periods: periods.map((row) => ({
        month: row.month,
        currency: row.currency.trim(),
        earnedCents: Number(row.earned),
        refundedCents: Number(row.refunded),
        paidOutCents: Number(row.paid),
      })),
    };
  }
}
