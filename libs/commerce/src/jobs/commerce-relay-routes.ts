import { Injectable } from '@nestjs/common';
import { QueueName, type RecordedEvent, type RelayRoute, RelaysEvents } from '#platform';
import type { OrderPlaced } from '../domain/commerce-events.js';
import type { SubscriptionEvent } from '../domain/subscription-events.js';
import { BillingJob, dueAtOf } from './billing-jobs.js';

/** Subscription events after which something falls due; the job runs at that instant. */
const SETTLING_EVENTS = [
  'commerce.subscription-started',
  'commerce.subscription-payment-requested',
  'commerce.subscription-period-paid',
  'commerce.subscription-payment-failed',
  'commerce.subscription-canceled',
  'commerce.subscription-resumed',
  'commerce.subscription-dispute-won',
] as const;

const settleAt = (jobName: string) => (event: RecordedEvent) => {
  const at = dueAtOf(event as RecordedEvent<SubscriptionEvent>, jobName);
  return at === null ? null : new Date(at);
};

/**
 * The events commerce wants as jobs: each placed order, again when its payment window closes;
 * orders that ended unpaid; refunds and payouts finance approved, and membership renewal charges, for the provider; and each subscription event, at the instant something next falls due.
 */
@Injectable()
@RelaysEvents()
export class CommerceRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = [
    {
      eventType: 'commerce.order-placed',
      queue: QueueName.Billing,
      jobName: BillingJob.ExpireOrder,
      runAt: (event: RecordedEvent) => {
        const { payableUntil } = (event as RecordedEvent<OrderPlaced>).data;
        return payableUntil ? new Date(payableUntil) : null;
      },
    },
    { eventType: 'commerce.payment-failed', queue: QueueName.Billing, jobName: BillingJob.ReleaseCoupon },
    { eventType: 'commerce.order-expired', queue: QueueName.Billing, jobName: BillingJob.ReleaseCoupon },
    { eventType: 'commerce.refund-approved', queue: QueueName.Billing, jobName: BillingJob.InstructRefund },
    { eventType: 'commerce.payout-approved', queue: QueueName.Billing, jobName: BillingJob.InstructPayout },
    { eventType: 'commerce.subscription-payment-requested', queue: QueueName.Billing, jobName: BillingJob.ChargeMembership },
    ...SETTLING_EVENTS.map((eventType) => ({
      eventType,
      queue: QueueName.Billing,
      jobName: BillingJob.SettleSubscription,
      runAt: settleAt(BillingJob.SettleSubscription),
    })),
    {
      eventType: 'commerce.subscription-period-paid',
      queue: QueueName.Billing,
      jobName: BillingJob.SettleSubscriptionAtPeriodEnd,
      runAt: settleAt(BillingJob.SettleSubscriptionAtPeriodEnd),
    },
  ];
}
