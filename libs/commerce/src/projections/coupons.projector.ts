import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { CouponEvent } from '../domain/coupon-events.js';

const UNIQUE_VIOLATION = '23505';

/**
 * commerce_coupons, in the append's transaction: the unique code (whatever its case) is enforced
 * here, so two coupons can never be issued under one code, and redemptions are counted.
 */
@Injectable()
@InlineProjection()
export class CouponsProjector implements InlineProjector {
  readonly eventTypes = ['commerce.coupon-issued', 'commerce.coupon-redeemed', 'commerce.coupon-redemption-released'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<CouponEvent>[]) {
      switch (event.type) {
        case 'commerce.coupon-issued': {
          const terms = event.data;
          await manager
            .query(
              `INSERT INTO commerce_coupons
                 (coupon_id, code, issuer_kind, issuer_id, discount, scope, valid_from, valid_to, total_limit, per_user_limit, batch_id, issued_at)
               VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11, $12)`,
              [
                terms.couponId,
                terms.code,
                terms.issuedBy.kind,
                terms.issuedBy.userId,
                JSON.stringify(terms.discount),
                JSON.stringify(terms.scope),
                terms.validFrom,
                terms.validTo,
                terms.totalLimit,
                terms.perUserLimit,
                terms.batchId,
                event.createdAt,
              ],
            )
            .catch((error: { code?: string }) => {
              throw error.code === UNIQUE_VIOLATION ? CommerceErrors.couponCodeTaken(terms.code) : error;
            });
          break;
        }
        case 'commerce.coupon-redeemed':
          await manager.query(`UPDATE commerce_coupons SET redeemed = redeemed + 1 WHERE coupon_id = $1`, [event.data.couponId]);
          break;
        case 'commerce.coupon-redemption-released':
          await manager.query(`UPDATE commerce_coupons SET redeemed = redeemed - 1 WHERE coupon_id = $1`, [event.data.couponId]);
          break;
      }
    }
  }
}
