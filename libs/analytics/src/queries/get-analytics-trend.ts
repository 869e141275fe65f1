import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppAbility } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';
import { type Trend, trendOf } from '../domain/statistics.js';
import { type AnalyticsScope, scopeCondition, windowBounds } from './analytics-scope.js';

/** Daily metrics the analytics job keeps per item and platform (analytics_item_daily). */
export const TREND_METRICS = {
  views: 'sum(f.views)',
  plays: 'sum(f.plays)',
  completions: 'sum(f.completions)',
  orders: 'sum(f.orders)',
  purchases: 'sum(f.purchases)',
  revenueCents: 'sum(f.revenue_cents)',
  refunds: 'sum(f.refunds)',
  refundCents: 'sum(f.refund_cents)',
  ratings: 'sum(f.ratings)',
  enrolments: 'sum(f.enrolments)',
} as const;
export type TrendMetric = keyof typeof TREND_METRICS;

export interface AnalyticsTrend extends Trend {
  scope: AnalyticsScope;
  metric: TrendMetric;
}

/** A metric's daily series over the window (every day, 0 when nothing happened), with its trend and forecast. */
export class GetAnalyticsTrend extends Query<AnalyticsTrend> {
  constructor(
    readonly ability: AppAbility,
    readonly scope: AnalyticsScope,
    readonly metric: TrendMetric,
  ) {
    super();
  }
}

@QueryHandler(GetAnalyticsTrend)
export class GetAnalyticsTrendHandler implements IQueryHandler<GetAnalyticsTrend> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ ability, scope, metric }: GetAnalyticsTrend): Promise<AnalyticsTrend> {
    const [from, to] = windowBounds(scope);
    if (scope.dimension && scope.dimension !== 'platform') {
      const itemScope = scopeCondition(ability, scope, 1);
      const [known] = await this.dataSource.query(`SELECT 1 FROM analytics_items i WHERE ${itemScope.sql} LIMIT 1`, itemScope.params);
      if (!known) throw AnalyticsErrors.itemNotFound();
    }
    const where = scopeCondition(ability, scope, 3);
    const rows: { day: string; value: string }[] = await this.dataSource.query(
      `SELECT d.day::date::text AS day, coalesce(daily.value, 0) AS value
         FROM generate_series($1::timestamp, $2::timestamp - interval '1 day', interval '1 day') AS d(day)
         LEFT JOIN (
           SELECT f.day, ${TREND_METRICS[metric]} AS value
             FROM analytics_item_daily f JOIN analytics_items i ON i.item_id = f.item_id
            WHERE f.day >= $1::date AND f.day < $2::date AND ${where.sql}
            GROUP BY f.day
         ) AS daily ON daily.day = d.day::date
        ORDER BY d.day`,
      [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10), ...where.params],
    );
    return { scope, metric, ...trendOf(rows.map((row) => ({ day: row.day, value: Number(row.value) }))) };
  }
}
