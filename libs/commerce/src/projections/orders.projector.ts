import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { OrderEvent } from '../domain/commerce-events.js';

/**
 * commerce_orders: the buyer's view of their orders, updated with every order event; and
 * commerce_open_order_items, whose key refuses a second unpaid order for an item the buyer is
 * already paying for, in the append's transaction, so no race gets two past it.
 */
@Injectable()
@InlineProjection()
export class OrdersProjector implements InlineProjector {
  readonly eventTypes = ['commerce.order-placed', 'commerce.order-paid', 'commerce.payment-failed', 'commerce.order-expired', 'commerce.order-refunded', 'commerce.order-charged-back', 'commerce.order-dispute-won'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent>[]) {
      switch (event.type) {
        case 'commerce.order-placed': {
          const { orderId, buyerId, items, totalCents, currency, paymentId, provider, payableUntil, coupon, bundle } = event.data;
          await manager.query(
            `INSERT INTO commerce_orders
               (id, buyer_id, status, items, total_cents, currency, payment_id, provider, payable_until, coupon, bundle, created_at, updated_at)
             VALUES ($1, $2, 'pending', $3::jsonb, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $11)`,
            [
              orderId,
              buyerId,
              JSON.stringify(items),
              totalCents,
              currency,
              paymentId,
              provider,
              payableUntil,
              coupon ? JSON.stringify(coupon) : null,
              bundle ? JSON.stringify(bundle) : null,
              event.createdAt,
            ],
          );
          const contentIds = items.map((item) => item.contentId);
          const opened: unknown[] = await manager.query(
            `INSERT INTO commerce_open_order_items (buyer_id, content_id, order_id)
             SELECT $1, content_id, $2 FROM unnest($3::uuid[]) AS content_id
             ON CONFLICT (buyer_id, content_id) DO NOTHING RETURNING content_id`,
            [buyerId, orderId, contentIds],
          );
          if (opened.length < contentIds.length) {
            const [open]: { order_id: string }[] = await manager.query(
              `SELECT order_id FROM commerce_open_order_items WHERE buyer_id = $1 AND content_id = ANY($2::uuid[]) AND order_id <> $3 LIMIT 1`,
              [buyerId, contentIds, orderId],
            );
            throw CommerceErrors.orderPending(open?.order_id ?? 'unknown', contentIds);
          }
          break;
        }
        case 'commerce.order-paid':
          await manager.query(`UPDATE commerce_orders SET status = 'paid', paid_at = $2, updated_at = $2 WHERE id = $1`, [
            event.data.orderId,
            event.createdAt,
          ]);
          await manager.query(`DELETE FROM commerce_open_order_items WHERE order_id = $1`, [event.data.orderId]);
          break;
        case 'commerce.payment-failed':
          await manager.query(
            `UPDATE commerce_orders SET status = 'failed', failure_reason = $2, updated_at = $3 WHERE id = $1`,
            [event.data.orderId, event.data.reason, event.createdAt],
          );
          await manager.query(`DELETE FROM commerce_open_order_items WHERE order_id = $1`, [event.data.orderId]);
          break;
        case 'commerce.order-refunded':
          await manager.query(
            `UPDATE commerce_orders SET status = $2, refunded_cents = refunded_cents + $3, updated_at = $4 WHERE id = $1`,
            [event.data.orderId, event.data.fullyRefunded ? 'refunded' : 'partially_refunded', event.data.amountCents, event.createdAt],
          );
          break;
        case 'commerce.order-charged-back':
          await manager.query(
            `UPDATE commerce_orders SET status = 'charged_back', charged_back_cents = $2, updated_at = $3 WHERE id = $1`,
            [event.data.orderId, event.data.amountCents, event.createdAt],
          );
          break;
        case 'commerce.order-dispute-won':
          // Back where it stood before the chargeback; what the bank took is no longer taken.
          await manager.query(`UPDATE commerce_orders SET status = $2, charged_back_cents = 0, dispute_won_at = $3, updated_at = $3 WHERE id = $1`, [
            event.data.orderId,
            event.data.orderStatus,
            event.createdAt,
          ]);
          break;
        case 'commerce.order-expired':
          await manager.query(`UPDATE commerce_orders SET status = 'expired', updated_at = $2 WHERE id = $1`, [
            event.data.orderId,
            event.createdAt,
          ]);
          await manager.query(`DELETE FROM commerce_open_order_items WHERE order_id = $1`, [event.data.orderId]);
          break;
      }
    }
  }
}
