import type { OrderPlaced } from '../domain/commerce-events.js';

/** Job names on QueueName.Billing. */
export const BillingJob = {
  ExpireOrder: 'expire-order',
} as const;

/** The relayed `commerce.order-placed` event, delayed until its payment window closes (JSON: dates as strings). */
export interface ExpireOrderJobData {
  readonly globalPosition: number;
  readonly type: 'commerce.order-placed';
  readonly data: OrderPlaced['data'];
}
