import type { OrderPlaced } from '../domain/commerce-events.js';

/** Job names on QueueName.Billing. */
export const BillingJob = {
  ExpireOrder: 'expire-order',
  ReleaseCoupon: 'release-coupon',
} as const;

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
