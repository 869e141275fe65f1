import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderEvent } from '../domain/commerce-events.js';

/** commerce_refunds: each refund from its request to the money moving, for the buyer and for finance. */
@Injectable()
@InlineProjection()
export class RefundsProjector implements InlineProjector {
  readonly eventTypes = ['commerce.refund-requested', 'commerce.refund-approved', 'commerce.refund-rejected', 'commerce.order-refunded'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent>[]) {
      switch (event.type) {
        case 'commerce.refund-requested': {
          const { refundId, orderId, buyerId, amountCents, reason } = event.data;
          await manager.query(
            `INSERT INTO commerce_refunds (refund_id, order_id, buyer_id, status, requested_cents, currency, reason, requested_at, updated_at)
             SELECT $1, $2, $3, 'requested', $4, o.currency, $5, $6, $6 FROM commerce_orders o WHERE o.id = $2`,
            [refundId, orderId, buyerId, amountCents, reason, event.createdAt],
          );
          break;
        }
        case 'commerce.refund-approved':
          await manager.query(
            `UPDATE commerce_refunds SET status = 'approved', approved_cents = $2, reviewer_id = $3, decided_at = $4, updated_at = $4
              WHERE refund_id = $1`,
            [event.data.refundId, event.data.amountCents, event.data.reviewerId, event.createdAt],
          );
          break;
        case 'commerce.refund-rejected':
          await manager.query(
            `UPDATE commerce_refunds SET status = 'rejected', reviewer_id = $2, review_reason = $3, decided_at = $4, updated_at = $4
              WHERE refund_id = $1`,
            [event.data.refundId, event.data.reviewerId, event.data.reason, event.createdAt],
          );
          break;
        case 'commerce.order-refunded': {
          // A refund made at the provider has no request here: it appears when the money moved.
          const { refundId, orderId, buyerId, amountCents, currency } = event.data;
          await manager.query(
            `INSERT INTO commerce_refunds (refund_id, order_id, buyer_id, status, refunded_cents, currency, refunded_at, updated_at)
             VALUES ($1, $2, $3, 'refunded', $4, $5, $6, $6)
             ON CONFLICT (refund_id) DO UPDATE SET status = 'refunded', refunded_cents = $4, refunded_at = $6, updated_at = $6`,
            [refundId, orderId, buyerId, amountCents, currency, event.createdAt],
          );
          break;
        }
      }
    }
  }
}
