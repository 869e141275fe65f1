import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { PlanEvent, SubscriptionEvent } from '../domain/subscription-events.js';

/**
 * Plans, subscriptions, their charges and the access they give, in the append's transaction: a
 * member reads what the plan covers the moment a period is paid, and stops when it ends. Every
 * time it writes comes from the events, so a rebuild gives the same answer whatever today's config.
 */
@Injectable()
@InlineProjection()
export class MembershipsProjector implements InlineProjector {
  readonly eventTypes = [
    'commerce.plan-created',
    'commerce.plan-retired',
    'commerce.subscription-started',
    'commerce.subscription-payment-requested',
    'commerce.subscription-period-paid',
    'commerce.subscription-payment-failed',
    'commerce.subscription-canceled',
    'commerce.subscription-resumed',
    'commerce.subscription-expired',
    'commerce.subscription-late-payment-received',
    'commerce.subscription-plan-change-requested',
    'commerce.subscription-plan-changed',
    'commerce.subscription-plan-change-abandoned',
    'commerce.subscription-charged-back',
    'commerce.subscription-late-payment-charged-back',
    'commerce.subscription-dispute-won',
  ];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<PlanEvent | SubscriptionEvent>[]) {
      const at = event.createdAt;
      switch (event.type) {
        case 'commerce.plan-created': {
          const plan = event.data;
          await manager.query(
            `INSERT INTO commerce_plans (plan_id, name, scope, owner_id, price_cents, currency, period, trial_days, status, created_at)
             VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8, 'offered', $9)`,
            [plan.planId, plan.name, JSON.stringify(plan.scope), plan.ownerId, plan.priceCents, plan.currency, JSON.stringify(plan.period), plan.trialDays, at],
          );
          break;
        }
        case 'commerce.plan-retired':
          await manager.query(`UPDATE commerce_plans SET status = 'retired' WHERE plan_id = $1`, [event.data.planId]);
          break;
        case 'commerce.subscription-started': {
          const { subscriptionId, userId, plan, startedAt, trialEndsAt } = event.data;
          await manager.query(
            `INSERT INTO commerce_subscriptions (subscription_id, user_id, plan_id, status, canceled, paid_until, trial_ends_at, started_at, updated_at)
             VALUES ($1, $2, $3, $4, false, $5, $5, $6, $7)
             ON CONFLICT (subscription_id) DO UPDATE SET status = EXCLUDED.status, canceled = false, paid_until = EXCLUDED.paid_until,
               trial_ends_at = EXCLUDED.trial_ends_at, next_retry_at = NULL, grace_ends_at = NULL, started_at = EXCLUDED.started_at, updated_at = EXCLUDED.updated_at`,
            [subscriptionId, userId, plan.planId, trialEndsAt ? 'trialing' : 'pending', trialEndsAt, startedAt, at],
          );
          if (trialEndsAt) await this.openAccess(manager, subscriptionId, userId, plan.scope, startedAt, trialEndsAt);
          break;
        }
        case 'commerce.subscription-payment-requested': {
          const { paymentId, subscriptionId, amountCents, currency, attempt, payableUntil } = event.data;
          await manager.query(
            `INSERT INTO commerce_subscription_payments (payment_id, subscription_id, amount_cents, currency, attempt, status, payable_until, requested_at)
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)`,
            [paymentId, subscriptionId, amountCents, currency, attempt, payableUntil, at],
          );
          break;
        }
        case 'commerce.subscription-period-paid': {
          const { subscriptionId, userId, paymentId, periodStart, periodEnd } = event.data;
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'paid' WHERE payment_id = $1`, [paymentId]);
          await manager.query(
            `UPDATE commerce_subscriptions SET status = 'active', paid_until = $2, next_retry_at = NULL, grace_ends_at = NULL, updated_at = $3
              WHERE subscription_id = $1`,
            [subscriptionId, periodEnd, at],
          );
          const [plan]: { scope: PlanScopeRow }[] = await manager.query(
            `SELECT p.scope FROM commerce_subscriptions s JOIN commerce_plans p USING (plan_id) WHERE s.subscription_id = $1`,
            [subscriptionId],
          );
          await this.openAccess(manager, subscriptionId, userId, plan!.scope, periodStart, periodEnd);
          break;
        }
        case 'commerce.subscription-payment-failed': {
          const { subscriptionId, paymentId, retryAt, graceEndsAt } = event.data;
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'failed' WHERE payment_id = $1`, [paymentId]);
          await manager.query(
            `UPDATE commerce_subscriptions SET status = 'past_due', next_retry_at = $2, grace_ends_at = $3, updated_at = $4 WHERE subscription_id = $1`,
            [subscriptionId, retryAt, graceEndsAt, at],
          );
          // Access runs on through the grace while the charge is retried.
          await manager.query(
            `UPDATE commerce_subscription_access SET valid_to = greatest(valid_to, $2) WHERE subscription_id = $1`,
            [subscriptionId, graceEndsAt],
          );
          break;
        }
        case 'commerce.subscription-canceled':
          await manager.query(`UPDATE commerce_subscriptions SET canceled = true, updated_at = $2 WHERE subscription_id = $1`, [event.data.subscriptionId, at]);
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'canceled' WHERE subscription_id = $1 AND status = 'open'`, [
            event.data.subscriptionId,
          ]);
          // No grace for a member who chose to leave: it ends when the paid time does.
          await manager.query(`UPDATE commerce_subscription_access SET valid_to = $2 WHERE subscription_id = $1`, [
            event.data.subscriptionId,
            event.data.effectiveAt,
          ]);
          break;
        case 'commerce.subscription-resumed':
          await manager.query(`UPDATE commerce_subscriptions SET canceled = false, updated_at = $2 WHERE subscription_id = $1`, [event.data.subscriptionId, at]);
          await manager.query(`UPDATE commerce_subscription_access SET valid_to = $2 WHERE subscription_id = $1`, [
            event.data.subscriptionId,
            event.data.accessUntil,
          ]);
          break;
        case 'commerce.subscription-expired':
          await manager.query(
            `UPDATE commerce_subscriptions SET status = 'expired', next_retry_at = NULL, updated_at = $2 WHERE subscription_id = $1`,
            [event.data.subscriptionId, at],
          );
          await manager.query(`UPDATE commerce_subscription_access SET valid_to = least(valid_to, $2) WHERE subscription_id = $1`, [
            event.data.subscriptionId,
            event.data.expiredAt,
          ]);
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'failed' WHERE subscription_id = $1 AND status = 'open'`, [
            event.data.subscriptionId,
          ]);
          break;
        case 'commerce.subscription-late-payment-received':
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'owed-back' WHERE payment_id = $1`, [event.data.paymentId]);
          break;
        case 'commerce.subscription-plan-change-requested': {
          const { paymentId, subscriptionId, amountCents, currency, toPlan, payableUntil } = event.data;
          await manager.query(
            `INSERT INTO commerce_subscription_payments (payment_id, subscription_id, amount_cents, currency, attempt, status, payable_until, requested_at, purpose, to_plan_id)
             VALUES ($1, $2, $3, $4, 1, 'open', $5, $6, 'plan-change', $7)`,
            [paymentId, subscriptionId, amountCents, currency, payableUntil, at, toPlan.planId],
          );
          break;
        }
        case 'commerce.subscription-plan-changed': {
          const { subscriptionId, paymentId, toPlan, periodStart, periodEnd } = event.data;
          if (paymentId) await manager.query(`UPDATE commerce_subscription_payments SET status = 'paid' WHERE payment_id = $1`, [paymentId]);
          await manager.query(
            `UPDATE commerce_subscriptions SET plan_id = $2, status = 'active', paid_until = $3, updated_at = $4 WHERE subscription_id = $1`,
            [subscriptionId, toPlan.planId, periodEnd, at],
          );
          // The new plan's scope from now on, to the end of its period.
          const { kind, id } = scopeColumns(toPlan.scope);
          await manager.query(
            `UPDATE commerce_subscription_access SET scope_kind = $2, scope_id = $3, valid_from = least(valid_from, $4), valid_to = $5 WHERE subscription_id = $1`,
            [subscriptionId, kind, id, periodStart, periodEnd],
          );
          break;
        }
        case 'commerce.subscription-charged-back':
        case 'commerce.subscription-late-payment-charged-back':
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'charged_back', charged_back_cents = $2 WHERE payment_id = $1`, [
            event.data.paymentId,
            event.data.amountCents,
          ]);
          break;
        case 'commerce.subscription-dispute-won': {
          const { subscriptionId, paymentId, latePayment, restoredUntil } = event.data;
          // Paid again (a late payment: owed back again), and the dispute's win on record.
          await manager.query(`UPDATE commerce_subscription_payments SET status = $2, charged_back_cents = NULL, dispute_won_at = $3 WHERE payment_id = $1`, [
            paymentId,
            latePayment ? 'owed-back' : 'paid',
            at,
          ]);
          if (restoredUntil === null) break;
          // Back to the time it had paid for, canceled: it ends there unless the member resumes it.
          await manager.query(
            `UPDATE commerce_subscriptions SET status = 'active', canceled = true, paid_until = $2, next_retry_at = NULL, grace_ends_at = NULL, updated_at = $3
              WHERE subscription_id = $1`,
            [subscriptionId, restoredUntil, at],
          );
          await manager.query(`UPDATE commerce_subscription_access SET valid_to = $2 WHERE subscription_id = $1`, [subscriptionId, restoredUntil]);
          break;
        }
        case 'commerce.subscription-plan-change-abandoned':
          await manager.query(`UPDATE commerce_subscription_payments SET status = 'failed' WHERE payment_id = $1`, [event.data.paymentId]);
          break;
      }
    }
  }

  /** The window a subscription opens, widened (never narrowed) by a new paid period or trial. */
  private async openAccess(manager: EntityManager, subscriptionId: string, userId: string, scope: PlanScopeRow, from: string, to: string) {
    const { kind, id } = scopeColumns(scope);
    await manager.query(
      `INSERT INTO commerce_subscription_access (subscription_id, user_id, scope_kind, scope_id, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (subscription_id) DO UPDATE
         SET valid_from = CASE WHEN commerce_subscription_access.valid_to < EXCLUDED.valid_from THEN EXCLUDED.valid_from
                               ELSE least(commerce_subscription_access.valid_from, EXCLUDED.valid_from) END,
             valid_to = EXCLUDED.valid_to`,
      [subscriptionId, userId, kind, id, from, to],
    );
  }
}

type PlanScopeRow = { kind: 'platform' } | { kind: 'creator'; creatorId: string } | { kind: 'content'; contentId: string };

/** How commerce_subscription_access stores a plan's scope. */
const scopeColumns = (scope: PlanScopeRow) => ({
  kind: scope.kind,
  id: scope.kind === 'platform' ? null : scope.kind === 'creator' ? scope.creatorId : scope.contentId,
});
