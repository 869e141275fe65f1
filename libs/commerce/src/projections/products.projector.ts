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

/** The part of `catalog.content-unpublished` / `-hidden` / `-republished` / `-unhidden` commerce reads (an unhidden item's `status`: back on the catalogue, or still unpublished). */
interface ContentListingChangedData {
  contentId: string;
  status?: 'published' | 'unpublished';
}

/**
 * Makes approved content buyable in the same transaction that publishes it, and takes it off sale
 * in the one that unpublishes or hides it (back on sale when republished, or unhidden onto the catalogue). Grants are not touched:
 * buyers keep what they paid for.
 */
@Injectable()
@InlineProjection()
export class ProductsProjector implements InlineProjector {
  readonly eventTypes = ['catalog.content-approved', 'catalog.content-unpublished', 'catalog.content-hidden', 'catalog.content-republished', 'catalog.content-unhidden'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      if (event.type !== 'catalog.content-approved') {
        const { contentId, status } = event.data as ContentListingChangedData;
        // Unhidden but still unpublished by its creator: it stays off sale.
        if (event.type === 'catalog.content-unhidden' && status !== 'published') continue;
        await manager.query(`UPDATE commerce_products SET unlisted_at = $2 WHERE content_id = $1`, [
          contentId,
          event.type === 'catalog.content-republished' || event.type === 'catalog.content-unhidden' ? null : event.createdAt.toISOString(),
        ]);
        continue;
      }
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
