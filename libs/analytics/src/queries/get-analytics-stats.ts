import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppAbility } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';
import { type Description, describe } from '../domain/statistics.js';
import { COMPLETED_PROGRESS } from '../projections/analytics-build.js';
import { type AnalyticsScope, scopeCondition, windowBounds } from './analytics-scope.js';

export interface AnalyticsStats {
  scope: AnalyticsScope;
  /** Views per day of the window (days without views count as 0). */
  viewsPerDay: Description;
  /** Distinct buyers per day; `buyers` is distinct over the whole window. */
  buyersPerDay: Description;
  buyers: number;
  /** Enrolments (a learner taking up an item, by purchase or membership) per day; `enrolledLearners` is distinct over the window. */
  enrolmentsPerDay: Description;
  enrolledLearners: number;
  /** Each purchase's amount, in the minor unit. */
  revenueCents: Description;
  /** Each refund's amount, in the minor unit. */
  refundCents: Description;
  /** Each rating given (1 to 5). */
  ratings: Description;
  /** Users who completed an item (a play at 95 % or more) among those who played it. */
  completion: { players: number; completers: number; rate: number | null };
}

/** Descriptive statistics of a scope over a window, from the clean facts, for the items the caller may see. */
export class GetAnalyticsStats extends Query<AnalyticsStats> {
  constructor(
    readonly ability: AppAbility,
    readonly scope: AnalyticsScope,
  ) {
    super();
  }
}

@QueryHandler(GetAnalyticsStats)
export class GetAnalyticsStatsHandler implements IQueryHandler<GetAnalyticsStats> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ ability, scope }: GetAnalyticsStats): Promise<AnalyticsStats> {
    const [from, to] = windowBounds(scope);
    const where = scopeCondition(ability, scope, 3);
    const facts = `FROM analytics_facts f JOIN analytics_items i ON i.item_id = f.item_id
                   WHERE f.occurred_at >= $1 AND f.occurred_at < $2 AND ${where.sql}`;
    const params = [from, to, ...where.params];
    if (scope.dimension && scope.dimension !== 'platform') {
      // A scope naming items the caller may not see (or that do not exist) is not found, never an empty figure.
      const itemScope = scopeCondition(ability, scope, 1);
      const [known] = await this.dataSource.query(`SELECT 1 FROM analytics_items i WHERE ${itemScope.sql} LIMIT 1`, itemScope.params);
      if (!known) throw AnalyticsErrors.itemNotFound();
    }
    const values = async (select: string, filter: string): Promise<number[]> =>
      (await this.dataSource.query(`SELECT ${select} AS v ${facts} AND ${filter}`, params)).map((row: { v: string | number }) => Number(row.v));
    const perDay = async (aggregate: string, filter: string): Promise<number[]> =>
      (
        await this.dataSource.query(
          `SELECT coalesce(counted.n, 0) AS v
             FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 day', interval '1 day') AS d(day)
             LEFT JOIN (SELECT date_trunc('day', f.occurred_at AT TIME ZONE 'UTC') AS day, ${aggregate} AS n ${facts} AND ${filter} GROUP BY 1) AS counted
               ON counted.day = d.day AT TIME ZONE 'UTC'
            ORDER BY d.day`,
          params,
        )
      ).map((row: { v: string | number }) => Number(row.v));
    const [completion] = await this.dataSource.query(
      `SELECT count(DISTINCT f.user_id)::int AS players, count(DISTINCT f.user_id) FILTER (WHERE f.progress >= ${COMPLETED_PROGRESS})::int AS completers
         ${facts} AND f.event_type = 'play' AND f.user_id IS NOT NULL`,
      params,
    );
    const [{ buyers }] = await this.dataSource.query(`SELECT count(DISTINCT f.user_id)::int AS buyers ${facts} AND f.event_type = 'purchase'`, params);
    const [{ learners }] = await this.dataSource.query(`SELECT count(DISTINCT f.user_id)::int AS learners ${facts} AND f.event_type = 'enrolment'`, params);
    return {
      scope,
      viewsPerDay: describe(await perDay('count(*)', `f.event_type = 'view'`)),
      buyersPerDay: describe(await perDay('count(DISTINCT f.user_id)', `f.event_type = 'purchase'`)),
      buyers,
      enrolmentsPerDay: describe(await perDay('count(*)', `f.event_type = 'enrolment'`)),
      enrolledLearners: learners,
      revenueCents: describe(await values('f.amount_cents', `f.event_type = 'purchase'`)),
      refundCents: describe(await values('f.amount_cents', `f.event_type = 'refund'`)),
      ratings: describe(await values('f.rating', `f.event_type = 'rate'`)),
      completion: { ...completion, rate: completion.players === 0 ? null : completion.completers / completion.players },
    };
  }
}
