import { Injectable } from '@nestjs/common';
import { QueueName, type RecordedEvent, type RelayRoute, RelaysEvents } from '#platform';
import type { OrderPlaced } from '../domain/commerce-events.js';
import { BillingJob } from './billing-jobs.js';

/** The events commerce wants as jobs: each placed order, again when its payment window closes; and orders that ended unpaid. */
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
  ];
}
