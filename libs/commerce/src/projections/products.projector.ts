import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * What commerce reads of catalog's published language (tolerant reader): the listing
 * carried by `catalog.content-approved`.
 */
interface ContentApprovedData {
  contentId: string;
  creatorId: string;
  title: string;
  priceCents: number;
  currency: string;
  publishedAt: string;
}

/** Makes approved content buyable in the same transaction that publishes it. */
@Injectable()
@InlineProjection()
export class ProductsProjector implements InlineProjector {
  readonly eventTypes = ['catalog.content-approved'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const data = event.data as ContentApprovedData;
      await manager.query(
        `INSERT INTO commerce_products (content_id, creator_id, title, price_cents, currency, published_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (content_id) DO UPDATE
           SET title = EXCLUDED.title, price_cents = EXCLUDED.price_cents,
               currency = EXCLUDED.currency, published_at = EXCLUDED.published_at`,
        [data.contentId, data.creatorId, data.title, data.priceCents, data.currency, data.publishedAt],
      );
    }
  }
}
