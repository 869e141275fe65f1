import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type DomainEvent, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ContentApproved } from '#catalog';
import type { OrderPaid, OrderRefunded } from '#commerce';

/** What social reads of a chargeback (commerce does not export its type). */
type OrderChargedBack = DomainEvent<'commerce.order-charged-back', { orderId: string }>;

/**
 * What social needs to know of other domains, from their events, in their transactions: the
 * published items (what can be followed, and by whom it is made), who bought from whom — a
 * paid order with an item of the creator, until it is refunded in full or charged back — and, the
 * same way, who bought which column (its new instalments are announced to them).
 */
@Injectable()
@InlineProjection()
export class SocialSourcesProjector implements InlineProjector {
  readonly eventTypes = ['catalog.content-approved', 'commerce.order-paid', 'commerce.order-refunded', 'commerce.order-charged-back'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ContentApproved | OrderPaid | OrderRefunded | OrderChargedBack>[]) {
      switch (event.type) {
        case 'catalog.content-approved': {
          const { contentId, creatorId, kind, title, publishedAt } = event.data;
          await manager.query(
            `INSERT INTO social_contents (content_id, creator_id, kind, title, published_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (content_id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title`,
            [contentId, creatorId, kind, title, publishedAt],
          );
          break;
        }
        case 'commerce.order-paid': {
          const { orderId, buyerId, items } = event.data;
          await manager.query(
            `INSERT INTO social_purchases (order_id, buyer_id, creator_id)
             SELECT $1, $2, creator_id FROM unnest($3::uuid[]) AS creator_id ON CONFLICT DO NOTHING`,
            [orderId, buyerId, [...new Set(items.map((item) => item.creatorId))]],
          );
          // A paid question's contentId is the question's: it never matches a column.
          await manager.query(
            `INSERT INTO social_column_buyers (order_id, buyer_id, content_id)
             SELECT $1, $2, content_id FROM social_contents WHERE content_id = ANY($3::uuid[]) AND kind = 'column' ON CONFLICT DO NOTHING`,
            [orderId, buyerId, items.map((item) => item.contentId)],
          );
          break;
        }
        case 'commerce.order-refunded':
          if (event.data.fullyRefunded) await this.takeBack(manager, event.data.orderId);
          break;
        case 'commerce.order-charged-back':
          await this.takeBack(manager, event.data.orderId);
          break;
      }
    }
  }

  /** An order refunded in full or charged back no longer makes its buyer a buyer. */
  private async takeBack(manager: EntityManager, orderId: string): Promise<void> {
    await manager.query(`DELETE FROM social_purchases WHERE order_id = $1`, [orderId]);
    await manager.query(`DELETE FROM social_column_buyers WHERE order_id = $1`, [orderId]);
  }
}
