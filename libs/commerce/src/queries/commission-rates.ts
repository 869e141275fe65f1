import { Inject, Injectable } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import { type CommissionOverride, type CommissionRates, commissionFor, type SaleChannel } from '../domain/commission.js';

/**
 * The platform's commission on each sale, worked out when the money arrives: the creator's agreed
 * rate for the sale's channel, or the platform's default for it. The result goes into the payment
 * event, so the ledger never depends on today's rates.
 */
@Injectable()
export class CommissionRatesLookup {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get defaults(): CommissionRates {
    return { platform: this.config.platformCommissionBps, 'creator-coupon': this.config.creatorCouponCommissionBps };
  }

  /** Each item's rate (by content id): a sale through its own creator's coupon is that creator's channel. */
  async forOrder(orderId: string, manager: EntityManager = this.dataSource.manager): Promise<Record<string, number>> {
    const rows: { content_id: string; channel: SaleChannel; platform_bps: number | null; creator_coupon_bps: number | null }[] = await manager.query(
      `SELECT item->>'contentId' AS content_id,
              CASE WHEN c.issuer_kind = 'creator' AND c.issuer_id::text = item->>'creatorId' THEN 'creator-coupon' ELSE 'platform' END AS channel,
              r.platform_bps, r.creator_coupon_bps
         FROM commerce_orders o
         CROSS JOIN jsonb_array_elements(o.items) AS item
         LEFT JOIN commerce_coupons c ON c.coupon_id = (o.coupon->>'couponId')::uuid
         LEFT JOIN commerce_commissions r ON r.creator_id = (item->>'creatorId')::uuid
        WHERE o.id = $1`,
      [orderId],
    );
    return Object.fromEntries(rows.map((row) => [row.content_id, commissionFor(row.channel, this.defaults, overrideOf(row))]));
  }

  /** A creator's rate for the platform channel: memberships of their plans are sold like any sale. */
  async forCreator(creatorId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row]: { platform_bps: number | null; creator_coupon_bps: number | null }[] = await manager.query(
      `SELECT platform_bps, creator_coupon_bps FROM commerce_commissions WHERE creator_id = $1`,
      [creatorId],
    );
    return commissionFor('platform', this.defaults, row ? overrideOf(row) : null);
  }
}

const overrideOf = (row: { platform_bps: number | null; creator_coupon_bps: number | null }): CommissionOverride => ({
  platform: row.platform_bps,
  'creator-coupon': row.creator_coupon_bps,
});

export interface CreatorCommissionView {
  creatorId: string;
  /** The rates agreed with this creator (null: none, the default applies). */
  agreed: { platformBps: number | null; creatorCouponBps: number | null };
  /** What the next sale of theirs pays the platform, per channel. */
  effective: { platformBps: number; creatorCouponBps: number };
  setBy: string | null;
  setAt: string | null;
}

export class GetCreatorCommission extends Query<CreatorCommissionView> {
  constructor(readonly creatorId: string) {
    super();
  }
}

@QueryHandler(GetCreatorCommission)
export class GetCreatorCommissionHandler implements IQueryHandler<GetCreatorCommission> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ creatorId }: GetCreatorCommission): Promise<CreatorCommissionView> {
    const [row]: { platform_bps: number | null; creator_coupon_bps: number | null; set_by: string; set_at: Date }[] = await this.dataSource.query(
      `SELECT platform_bps, creator_coupon_bps, set_by, set_at FROM commerce_commissions WHERE creator_id = $1`,
      [creatorId],
    );
    const override = row ? overrideOf(row) : null;
    const defaults: CommissionRates = { platform: this.config.platformCommissionBps, 'creator-coupon': this.config.creatorCouponCommissionBps };
    return {
      creatorId,
      agreed: { platformBps: override?.platform ?? null, creatorCouponBps: override?.['creator-coupon'] ?? null },
      effective: { platformBps: commissionFor('platform', defaults, override), creatorCouponBps: commissionFor('creator-coupon', defaults, override) },
      setBy: row?.set_by ?? null,
      setAt: row?.set_at.toISOString() ?? null,
    };
  }
}
