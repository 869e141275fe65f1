import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderPaid } from '../domain/commerce-events.js';

/** A paid order grants its items at once: the learner can read what they paid for on the next request. */
@Injectable()
@InlineProjection()
export class EntitlementsProjector implements InlineProjector {
  readonly eventTypes = ['commerce.order-paid'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderPaid>[]) {
      const { buyerId, orderId, items } = event.data;
      await manager.query(
        `INSERT INTO commerce_entitlements (user_id, content_id, order_id, granted_at)
         SELECT $1, content_id, $2, $3 FROM unnest($4::uuid[]) AS content_id
         ON CONFLICT (user_id, content_id) DO NOTHING`,
        [buyerId, orderId, event.createdAt, items.map((item) => item.contentId)],
      );
    }
  }
}
