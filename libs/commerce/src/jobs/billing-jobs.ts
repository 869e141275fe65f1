import type { RecordedEvent } from '#platform';
import type { OrderPlaced } from '../domain/commerce-events.js';
import { RENEWAL_LEAD_DAYS } from '../domain/subscription.js';
import { addDays } from '../domain/periods.js';
import type { SubscriptionEvent } from '../domain/subscription-events.js';

/** Job names on QueueName.Billing. */
export const BillingJob = {
  ExpireOrder: 'expire-order',
  ReleaseCoupon: 'release-coupon',
  /** Something may be due for a subscription at the instant an event of it named (see dueAtOf). */
  SettleSubscription: 'settle-subscription',
  /** A paid period's end: a subscription canceled while its renewal was in flight ends here. */
  SettleSubscriptionAtPeriodEnd: 'settle-subscription-at-period-end',
  /** Finance approved a refund: the provider is asked to pay it back. */
  InstructRefund: 'instruct-refund',
  /** Finance approved a payout: the provider is asked to pay the creator. */
  InstructPayout: 'instruct-payout',
  /** A membership's renewal charge was opened: the provider charges the saved payment method. */
  ChargeMembership: 'charge-membership',
  /** Repeatable: payments pending too long are asked about at their provider. */
  ReconcilePending: 'reconcile-pending',
  /** Daily: yesterday's provider settlements against the ledger. */
  ReconcileSettlements: 'reconcile-settlements',
} as const;

/** What the reconciliation schedules enqueue: nothing, the run's own time says which payments and which day. */
export type ReconcileJobData = Record<string, never>;

/** A relayed `commerce.refund-approved`. */
export interface InstructRefundJobData {
  readonly globalPosition: number;
  readonly type: 'commerce.refund-approved';
  readonly data: { refundId: string };
}

/** A relayed `commerce.subscription-payment-requested`. */
export interface ChargeMembershipJobData {
  readonly globalPosition: number;
  readonly type: 'commerce.subscription-payment-requested';
  readonly data: { paymentId: string };
}

/** A relayed `commerce.payout-approved`. */
export interface InstructPayoutJobData {
  readonly globalPosition: number;
  readonly type: 'commerce.payout-approved';
  readonly data: { payoutId: string };
}

/** The relayed `commerce.order-placed` event, delayed until its payment window closes (JSON: dates as strings). */
export interface ExpireOrderJobData {
  readonly globalPosition: number;
  readonly type: 'commerce.order-placed';
  readonly data: OrderPlaced['data'];
}

/** A relayed `commerce.payment-failed` or `commerce.order-expired`: the order's coupon redemption is given back. */
export interface ReleaseCouponJobData {
  readonly globalPosition: number;
  readonly type: 'commerce.payment-failed' | 'commerce.order-expired';
  readonly data: { orderId: string };
}

/** A relayed subscription event, delayed until the instant dueAtOf gives for it. */
export interface SettleSubscriptionJobData {
  readonly globalPosition: number;
  readonly type: SubscriptionEvent['type'];
  readonly data: SubscriptionEvent['data'];
}

/**
 * When the worker is next to look at a subscription after one of its events: the trial's or the
 * paid period's renewal (a day before its end), an open charge's deadline, the next retry (or the
 * end of the grace), the end of a canceled subscription. Null: nothing to wait for.
 */
export function dueAtOf(event: Pick<RecordedEvent<SubscriptionEvent>, 'type' | 'data'>, jobName: string): string | null {
  const { type, data } = event as SubscriptionEvent;
  if (jobName === BillingJob.SettleSubscriptionAtPeriodEnd) return type === 'commerce.subscription-period-paid' ? data.periodEnd : null;
  switch (type) {
    case 'commerce.subscription-started':
      return data.trialEndsAt && addDays(data.trialEndsAt, -RENEWAL_LEAD_DAYS);
    case 'commerce.subscription-payment-requested':
      return data.payableUntil;
    case 'commerce.subscription-period-paid':
      return addDays(data.periodEnd, -RENEWAL_LEAD_DAYS);
    case 'commerce.subscription-payment-failed':
      return data.retryAt ?? data.graceEndsAt;
    case 'commerce.subscription-canceled':
      return data.effectiveAt;
    case 'commerce.subscription-resumed':
      return data.nextDueAt;
    case 'commerce.subscription-dispute-won':
      // A membership restored, canceled, ends at the end of the time it had paid for.
      return data.restoredUntil;
    default:
      return null;
  }
}
