import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import { ORDER_GRANT_SOURCES } from '../access/active-grant.js';
import type { OrderEvent } from '../domain/commerce-events.js';
import type { StaffGrantEvent } from '../domain/staff-grant.js';

/**
 * commerce_access_grants from the events that give or take access, in the same transaction: the
 * learner can read what they paid for on the next request. One grant per (source, item), so a
 * replayed event changes nothing.
 */
@Injectable()
@InlineProjection()
export class AccessGrantsProjector implements InlineProjector {
  readonly eventTypes = [
    'commerce.order-paid',
    'commerce.order-refunded',
    'commerce.order-charged-back',
    'commerce.order-dispute-won',
    'commerce.access-granted-by-staff',
    'commerce.staff-grant-revoked',
  ];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderEvent | StaffGrantEvent>[]) {
      switch (event.type) {
        case 'commerce.order-paid': {
          const { buyerId, orderId } = event.data;
          // An answer to a paid question is a service delivered, not something to read: it grants nothing.
          const items = event.data.items.filter((item) => item.kind !== 'question');
          if (items.length === 0) break;
          // A bundle's items are granted as the bundle's, so the buyer sees why they hold them.
          // One a redemption code paid in full, as the code's.
          const [order]: { bundle: unknown }[] = await manager.query(`SELECT bundle FROM commerce_orders WHERE id = $1`, [orderId]);
          const source = order?.bundle ? 'bundle' : event.data.amountCents === 0 ? 'coupon' : 'order-item';
          await manager.query(
            `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at)
             SELECT $5, $1, content_id, $2, $3, $3 FROM unnest($4::uuid[]) AS content_id
             ON CONFLICT (source_type, source_id, content_id) DO NOTHING`,
            [orderId, buyerId, event.createdAt, items.map((item) => item.contentId), source],
          );
          break;
        }
        // Policy: a full refund or a chargeback takes back what the order granted; a partial refund keeps access.
        case 'commerce.order-refunded':
        case 'commerce.order-charged-back': {
          if (event.type === 'commerce.order-refunded' && !event.data.fullyRefunded) break;
          await manager.query(
            `UPDATE commerce_access_grants SET revoked_at = $2, revoked_reason = $3
              WHERE source_type IN ${ORDER_GRANT_SOURCES} AND source_id = $1 AND revoked_at IS NULL`,
            [event.data.orderId, event.createdAt, event.type === 'commerce.order-refunded' ? 'refunded in full' : 'charged back'],
          );
          break;
        }
        // Policy: a dispute won gives the order's access back as new grants (the revoked ones stay as they were).
        case 'commerce.order-dispute-won': {
          const { buyerId, orderId, regranted } = event.data;
          if (regranted.length === 0) break;
          await manager.query(
            `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at)
             SELECT 'order-reinstated', $1, content_id, $2, $3, $3 FROM unnest($4::uuid[]) AS content_id
             ON CONFLICT (source_type, source_id, content_id) DO NOTHING`,
            [orderId, buyerId, event.createdAt, regranted],
          );
          break;
        }
        case 'commerce.access-granted-by-staff': {
          const { grantId, userId, contentId, validFrom, validTo } = event.data;
          await manager.query(
            `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, valid_to, granted_at)
             VALUES ('staff', $1, $2, $3, $4, $5, $6) ON CONFLICT (source_type, source_id, content_id) DO NOTHING`,
            [grantId, contentId, userId, validFrom, validTo, event.createdAt],
          );
          break;
        }
        case 'commerce.staff-grant-revoked':
          await manager.query(
            `UPDATE commerce_access_grants SET revoked_at = $2, revoked_reason = $3 WHERE source_type = 'staff' AND source_id = $1 AND revoked_at IS NULL`,
            [event.data.grantId, event.data.revokedAt, `revoked by staff: ${event.data.reason}`],
          );
          break;
      }
    }
  }
}
