import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { CommissionSet } from '../domain/commission.js';

/** commerce_commissions: each creator's agreed rates, as last set. */
@Injectable()
@InlineProjection()
export class CommissionsProjector implements InlineProjector {
  readonly eventTypes = ['commerce.commission-set'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<CommissionSet>[]) {
      const { creatorId, platform, setBy } = event.data;
      await manager.query(
        `INSERT INTO commerce_commissions (creator_id, platform_bps, creator_coupon_bps, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (creator_id) DO UPDATE
           SET platform_bps = EXCLUDED.platform_bps, creator_coupon_bps = EXCLUDED.creator_coupon_bps, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
        [creatorId, platform, event.data['creator-coupon'], setBy, event.createdAt],
      );
    }
  }
}
