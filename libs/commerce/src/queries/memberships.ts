import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import type { Period } from '../domain/periods.js';
import type { SubscriptionStatus } from '../domain/subscription.js';
import type { PlanScope } from '../domain/subscription-events.js';

export interface PlanView {
  planId: string;
  name: string;
  scope: PlanScope;
  priceCents: number;
  currency: string;
  period: Period;
  trialDays: number;
  ownerId: string;
  status: 'offered' | 'retired';
  createdAt: string;
}

interface PlanRow {
  plan_id: string;
  name: string;
  scope: PlanScope;
  price_cents: string;
  currency: string;
  period: Period;
  trial_days: number;
  owner_id: string;
  status: PlanView['status'];
  created_at: Date;
}

const planView = (row: PlanRow): PlanView => ({
  planId: row.plan_id,
  name: row.name,
  scope: row.scope,
  priceCents: Number(row.price_cents),
  currency: row.currency.trim(),
  period: row.period,
  trialDays: row.trial_days,
  ownerId: row.owner_id,
  status: row.status,
  createdAt: row.created_at.toISOString(),
});

export interface PlanFilter {
  /** Plans that open this creator's catalogue or one of their items. */
  creatorId?: string;
  /** Plans that open this item: its own, its creator's, and the platform's. */
  contentId?: string;
  /** Only plans this user offers (a creator's own list); retired ones included. */
  ownerId?: string;
}

/** Plans on offer, newest first; a creator's own list also shows the ones they retired. */
export class ListPlans extends Query<{ items: PlanView[]; nextCursor: string | null }> {
  constructor(
    readonly filter: PlanFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListPlans)
export class ListPlansHandler implements IQueryHandler<ListPlans> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListPlans): Promise<{ items: PlanView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: PlanRow[] = await this.dataSource.query(
      `SELECT p.* FROM commerce_plans p
        WHERE (CASE WHEN $1::uuid IS NULL THEN p.status = 'offered' ELSE p.owner_id = $1 END)
          AND ($2::text IS NULL OR p.scope->>'creatorId' = $2)
          AND ($3::uuid IS NULL OR p.scope->>'kind' = 'platform' OR p.scope->>'contentId' = $3::text
               OR (p.scope->>'kind' = 'creator' AND p.scope->>'creatorId' = (SELECT creator_id::text FROM commerce_products WHERE content_id = $3)))
          AND ($4::timestamptz IS NULL OR (p.created_at, p.plan_id) < ($4::timestamptz, $5::uuid))
        ORDER BY p.created_at DESC, p.plan_id DESC
        LIMIT $6`,
      [filter.ownerId ?? null, filter.creatorId?.toLowerCase() ?? null, filter.contentId?.toLowerCase() ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, planView, (row) => [row.created_at.toISOString(), row.plan_id]);
  }
}

/** One plan, offered or retired (its members still hold it). */
export class GetPlan extends Query<PlanView | null> {
  constructor(readonly planId: string) {
    super();
  }
}

@QueryHandler(GetPlan)
export class GetPlanHandler implements IQueryHandler<GetPlan> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ planId }: GetPlan): Promise<PlanView | null> {
    const [row]: PlanRow[] = await this.dataSource.query(`SELECT * FROM commerce_plans WHERE plan_id = $1`, [planId]);
    return row ? planView(row) : null;
  }
}

export interface SubscriptionView {
  subscriptionId: string;
  plan: PlanView;
  status: SubscriptionStatus;
  /** Canceled by the member: it ends at paidUntil unless resumed before. */
  canceled: boolean;
  startedAt: string;
  trialEndsAt: string | null;
  /** The end of the time paid for (or of the trial). */
  paidUntil: string | null;
  /** Until when it opens its plan's scope: the paid time, plus the grace while a failed renewal is retried. */
  accessUntil: string | null;
  /** After a failed charge: when it is tried again (null: no more tries), and when access ends without one. */
  nextRetryAt: string | null;
  graceEndsAt: string | null;
  /** The charge waiting to be paid, if any: pay it with the provider before payableUntil. */
  openPayment: {
    paymentId: string;
    amountCents: number;
    currency: string;
    attempt: number;
    payableUntil: string;
    /** What it pays for: the next period, or a move to another plan (toPlanId). */
    purpose: 'period' | 'plan-change';
    toPlanId: string | null;
  } | null;
  /** Its last PAYMENTS_SHOWN charges, newest first, with what became of each (charged back, and a dispute of that won). */
  payments: SubscriptionPaymentView[];
}

export interface SubscriptionPaymentView {
  paymentId: string;
  amountCents: number;
  currency: string;
  status: 'open' | 'paid' | 'failed' | 'canceled' | 'owed-back' | 'charged_back';
  purpose: 'period' | 'plan-change';
  chargedBackCents: number | null;
  disputeWonAt: string | null;
  requestedAt: string;
}

/** How many of a subscription's charges its view lists (a monthly plan's two years). */
const PAYMENTS_SHOWN = 24;

interface SubscriptionRow extends PlanRow {
  subscription_id: string;
  subscription_status: SubscriptionStatus;
  canceled: boolean;
  started_at: Date;
  trial_ends_at: Date | null;
  paid_until: Date | null;
  access_until: Date | null;
  next_retry_at: Date | null;
  grace_ends_at: Date | null;
  updated_at: Date;
  open_payment: {
    payment_id: string;
    amount_cents: number;
    currency: string;
    attempt: number;
    payable_until: string;
    purpose: 'period' | 'plan-change';
    to_plan_id: string | null;
  } | null;
  payments: {
    payment_id: string;
    amount_cents: number;
    currency: string;
    status: SubscriptionPaymentView['status'];
    purpose: 'period' | 'plan-change';
    charged_back_cents: number | null;
    dispute_won_at: string | null;
    requested_at: string;
  }[];
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A member's subscriptions (or one of them), most recently changed first. */
export class ListMySubscriptions extends Query<{ items: SubscriptionView[]; nextCursor: string | null }> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
    readonly subscriptionId?: string,
  ) {
    super();
  }
}

@QueryHandler(ListMySubscriptions)
export class ListMySubscriptionsHandler implements IQueryHandler<ListMySubscriptions> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ userId, limit, cursor, subscriptionId }: ListMySubscriptions): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT p.*, s.subscription_id, s.status AS subscription_status, s.canceled, s.started_at, s.trial_ends_at, s.paid_until,
              s.next_retry_at, s.grace_ends_at, s.updated_at,
              CASE WHEN s.status = 'expired' THEN NULL ELSE a.valid_to END AS access_until,
              (SELECT json_build_object('payment_id', sp.payment_id, 'amount_cents', sp.amount_cents, 'currency', sp.currency,
                                        'attempt', sp.attempt, 'payable_until', sp.payable_until,
                                        'purpose', sp.purpose, 'to_plan_id', sp.to_plan_id)
                 FROM commerce_subscription_payments sp
                WHERE sp.subscription_id = s.subscription_id AND sp.status = 'open'
                ORDER BY sp.requested_at DESC LIMIT 1) AS open_payment,
              (SELECT coalesce(json_agg(json_build_object('payment_id', sp.payment_id, 'amount_cents', sp.amount_cents, 'currency', sp.currency,
                                                          'status', sp.status, 'purpose', sp.purpose, 'charged_back_cents', sp.charged_back_cents,
                                                          'dispute_won_at', sp.dispute_won_at, 'requested_at', sp.requested_at)
                                        ORDER BY sp.requested_at DESC, sp.payment_id DESC), '[]')
                 FROM (SELECT * FROM commerce_subscription_payments sp
                        WHERE sp.subscription_id = s.subscription_id ORDER BY sp.requested_at DESC, sp.payment_id DESC LIMIT $6) sp) AS payments
         FROM commerce_subscriptions s
         JOIN commerce_plans p USING (plan_id)
         LEFT JOIN commerce_subscription_access a USING (subscription_id)
        WHERE s.user_id = $1
          AND ($2::uuid IS NULL OR s.subscription_id = $2)
          AND ($3::timestamptz IS NULL OR (s.updated_at, s.subscription_id) < ($3::timestamptz, $4::uuid))
        ORDER BY s.updated_at DESC, s.subscription_id DESC
        LIMIT $5`,
      [userId, subscriptionId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1, PAYMENTS_SHOWN],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        subscriptionId: row.subscription_id,
        plan: planView(row),
        status: row.subscription_status,
        canceled: row.canceled,
        startedAt: row.started_at.toISOString(),
        trialEndsAt: iso(row.trial_ends_at),
        paidUntil: iso(row.paid_until),
        accessUntil: iso(row.access_until),
        nextRetryAt: iso(row.next_retry_at),
        graceEndsAt: iso(row.grace_ends_at),
        openPayment: row.open_payment && {
          paymentId: row.open_payment.payment_id,
          amountCents: Number(row.open_payment.amount_cents),
          currency: row.open_payment.currency.trim(),
          attempt: row.open_payment.attempt,
          payableUntil: new Date(row.open_payment.payable_until).toISOString(),
          purpose: row.open_payment.purpose,
          toPlanId: row.open_payment.to_plan_id,
        },
        payments: row.payments.map((payment) => ({
          paymentId: payment.payment_id,
          amountCents: Number(payment.amount_cents),
          currency: payment.currency.trim(),
          status: payment.status,
          purpose: payment.purpose,
          chargedBackCents: payment.charged_back_cents === null ? null : Number(payment.charged_back_cents),
          disputeWonAt: payment.dispute_won_at && new Date(payment.dispute_won_at).toISOString(),
          requestedAt: new Date(payment.requested_at).toISOString(),
        })),
      }),
      (row) => [row.updated_at.toISOString(), row.subscription_id],
    );
  }
}
