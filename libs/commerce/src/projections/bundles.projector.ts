import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { BundleEvent } from '../domain/bundle-events.js';

/** commerce_bundles: the bundles on offer (and retired ones), in the append's transaction. */
@Injectable()
@InlineProjection()
export class BundlesProjector implements InlineProjector {
  readonly eventTypes = ['commerce.bundle-created', 'commerce.bundle-retired'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<BundleEvent>[]) {
      if (event.type === 'commerce.bundle-created') {
        const { bundleId, creatorId, title, contentIds, priceCents, currency } = event.data;
        await manager.query(
          `INSERT INTO commerce_bundles (bundle_id, creator_id, title, content_ids, price_cents, currency, status, created_at)
           VALUES ($1, $2, $3, $4::uuid[], $5, $6, 'offered', $7)`,
          [bundleId, creatorId, title, contentIds, priceCents, currency, event.createdAt],
        );
      } else {
        await manager.query(`UPDATE commerce_bundles SET status = 'retired' WHERE bundle_id = $1`, [event.data.bundleId]);
      }
    }
  }
}
