import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderEvent } from '../domain/commerce-events.js';
import type { SubscriptionEvent } from '../domain/subscription-events.js';

/** commerce_refunds_due: money received that bought nothing, for finance to pay back. */
@Injectable()
@InlineProjection()
export class RefundsDueProjector implements InlineProjector {
  readonly eventTypes = [
    'commerce.refund-due',
    'commerce.late-payment-received',
    'commerce.subscription-late-payment-received',
    'commerce.subscription-late-payment-charged-back',
    'commerce.subscription-dispute-won',
  ];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent | SubscriptionEvent>[]) {
      // A membership payment owed back that the member's bank took back is owed that much less (nothing: gone from the list);
      // a dispute of it won makes it owed again.
      if (event.type === 'commerce.subscription-late-payment-charged-back') {
        const owed = [event.data.paymentId, event.data.amountCents];
        await manager.query(`DELETE FROM commerce_refunds_due WHERE payment_id = $1 AND reason = 'late-subscription-payment' AND amount_cents <= $2`, owed);
        await manager.query(`UPDATE commerce_refunds_due SET amount_cents = amount_cents - $2 WHERE payment_id = $1 AND reason = 'late-subscription-payment'`, owed);
        continue;
      }
      if (event.type === 'commerce.subscription-dispute-won') {
        if (!event.data.latePayment) continue;
        const { subscriptionId, userId, paymentId, amountCents, currency } = event.data;
        await manager.query(
          `INSERT INTO commerce_refunds_due (subscription_id, reason, buyer_id, payment_id, amount_cents, currency, content_ids, recorded_at)
           VALUES ($1, 'late-subscription-payment', $2, $3, $4, $5, '{}', $6)
           ON CONFLICT (payment_id, reason) DO UPDATE SET amount_cents = commerce_refunds_due.amount_cents + EXCLUDED.amount_cents`,
          [subscriptionId, userId, paymentId, amountCents, currency, event.createdAt],
        );
        continue;
      }
      if (event.type === 'commerce.subscription-late-payment-received') {
        const { subscriptionId, userId, paymentId, amountCents, currency } = event.data;
        await manager.query(
          `INSERT INTO commerce_refunds_due (subscription_id, reason, buyer_id, payment_id, amount_cents, currency, content_ids, recorded_at)
           VALUES ($1, 'late-subscription-payment', $2, $3, $4, $5, '{}', $6)`,
          [subscriptionId, userId, paymentId, amountCents, currency, event.createdAt],
        );
        continue;
      }
      if (event.type !== 'commerce.refund-due' && event.type !== 'commerce.late-payment-received') continue;
      const { orderId, buyerId, paymentId, amountCents, currency } = event.data;
      const [reason, contentIds] =
        event.type === 'commerce.refund-due'
          ? [event.data.reason, event.data.items.map((item) => item.contentId)]
          : ['late-payment', event.data.contentIds];
      await manager.query(
        `INSERT INTO commerce_refunds_due (order_id, reason, buyer_id, payment_id, amount_cents, currency, content_ids, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [orderId, reason, buyerId, paymentId, amountCents, currency, contentIds, event.createdAt],
      );
    }
  }
}
