import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderEvent } from '../domain/commerce-events.js';

/** commerce_orders: the buyer's view of their orders, updated with every order event. */
@Injectable()
@InlineProjection()
export class OrdersProjector implements InlineProjector {
  readonly eventTypes = ['commerce.order-placed', 'commerce.order-paid', 'commerce.payment-failed'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent>[]) {
      switch (event.type) {
        case 'commerce.order-placed': {
          const { orderId, buyerId, items, totalCents, currency, paymentId, provider } = event.data;
          await manager.query(
            `INSERT INTO commerce_orders (id, buyer_id, status, items, total_cents, currency, payment_id, provider, created_at, updated_at)
             VALUES ($1, $2, 'pending', $3::jsonb, $4, $5, $6, $7, $8, $8)`,
            [orderId, buyerId, JSON.stringify(items), totalCents, currency, paymentId, provider, event.createdAt],
          );
          break;
        }
        case 'commerce.order-paid':
          await manager.query(
            `UPDATE commerce_orders SET status = 'paid', paid_at = $2, updated_at = $2 WHERE id = $1`,
            [event.data.orderId, event.createdAt],
          );
          break;
        case 'commerce.payment-failed':
          await manager.query(
            `UPDATE commerce_orders SET status = 'failed', failure_reason = $2, updated_at = $3 WHERE id = $1`,
            [event.data.orderId, event.data.reason, event.createdAt],
          );
          break;
      }
    }
  }
}
