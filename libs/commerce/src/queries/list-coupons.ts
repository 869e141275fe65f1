import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility, decodeCursor, toPage } from '#platform';
import type { CouponDiscount, CouponScope } from '../domain/coupon-events.js';

export interface CouponView {
  couponId: string;
  code: string;
  issuer: { kind: 'creator' | 'platform'; userId: string };
  discount: CouponDiscount;
  scope: CouponScope;
  validFrom: string;
  validTo: string | null;
  totalLimit: number | null;
  perUserLimit: number | null;
  batchId: string | null;
  redeemed: number;
  issuedAt: string;
}

interface CouponRow {
  coupon_id: string;
  code: string;
  issuer_kind: 'creator' | 'platform';
  issuer_id: string;
  discount: CouponDiscount;
  scope: CouponScope;
  valid_from: Date;
  valid_to: Date | null;
  total_limit: number | null;
  per_user_limit: number | null;
  batch_id: string | null;
  redeemed: number;
  issued_at: Date;
}

/** Coupons the caller may read (a creator their own, staff all), newest first; optionally one batch, or one coupon. */
export class ListCoupons extends Query<{ items: CouponView[]; nextCursor: string | null }> {
  constructor(
    readonly ability: AppAbility,
    readonly limit: number,
    readonly cursor?: string,
    readonly filter: { batchId?: string; couponId?: string } = {},
  ) {
    super();
  }
}

const RULE_COLUMNS = { issuerId: 'c.issuer_id' } as const;

@QueryHandler(ListCoupons)
export class ListCouponsHandler implements IQueryHandler<ListCoupons> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: ListCoupons): Promise<{ items: CouponView[]; nextCursor: string | null }> {
    const visible = abilityToSql(query.ability, 'read', 'Coupon', RULE_COLUMNS);
    const builder = this.dataSource
      .createQueryBuilder()
      .select('c.*')
      .from('commerce_coupons', 'c')
      .where(visible.sql, visible.params)
      .orderBy('c.issued_at', 'DESC')
      .addOrderBy('c.coupon_id', 'DESC')
      .limit(query.limit + 1);
    if (query.filter.batchId) builder.andWhere('c.batch_id = :batchId', { batchId: query.filter.batchId });
    if (query.filter.couponId) builder.andWhere('c.coupon_id = :couponId', { couponId: query.filter.couponId });
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (after) {
      builder.andWhere('(c.issued_at, c.coupon_id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after[0], id: after[1] });
    }
    const rows = await builder.getRawMany<CouponRow>();
    return toPage(
      rows,
      query.limit,
      (row) => ({
        couponId: row.coupon_id,
        code: row.code,
        issuer: { kind: row.issuer_kind, userId: row.issuer_id },
        discount: row.discount,
        scope: row.scope,
        validFrom: row.valid_from.toISOString(),
        validTo: row.valid_to?.toISOString() ?? null,
        totalLimit: row.total_limit,
        perUserLimit: row.per_user_limit,
        batchId: row.batch_id,
        redeemed: row.redeemed,
        issuedAt: row.issued_at.toISOString(),
      }),
      (row) => [row.issued_at.toISOString(), row.coupon_id],
    );
  }
}
