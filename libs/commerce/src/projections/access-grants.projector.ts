import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderEvent } from '../domain/commerce-events.js';

/**
 * commerce_access_grants from the events that give or take access, in the same transaction: the
 * learner can read what they paid for on the next request. One grant per (source, item), so a
 * replayed event changes nothing.
 */
@Injectable()
@InlineProjection()
export class AccessGrantsProjector implements InlineProjector {
  readonly eventTypes = ['commerce.order-paid'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent>[]) {
      if (event.type !== 'commerce.order-paid') continue;
      const { buyerId, orderId, items } = event.data;
      await manager.query(
        `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at)
         SELECT 'order-item', $1, content_id, $2, $3, $3 FROM unnest($4::uuid[]) AS content_id
         ON CONFLICT (source_type, source_id, content_id) DO NOTHING`,
        [orderId, buyerId, event.createdAt, items.map((item) => item.contentId)],
      );
    }
  }
}
