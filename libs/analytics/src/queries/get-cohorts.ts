import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppAbility } from '#platform';
import { type AnalyticsScope, scopeCondition, windowBounds } from './analytics-scope.js';

export interface Cohort {
  /** The month (YYYY-MM) of its users' first purchase in scope. */
  month: string;
  users: number;
  /** Share of the cohort active (any fact in scope) in the cohort's month + index, up to the window's end. */
  retention: number[];
}

/** Monthly cohorts by first purchase and their retention month by month, within the window. */
export class GetCohorts extends Query<{ scope: AnalyticsScope; cohorts: Cohort[] }> {
  constructor(
    readonly ability: AppAbility,
    readonly scope: AnalyticsScope,
  ) {
    super();
  }
}

@QueryHandler(GetCohorts)
export class GetCohortsHandler implements IQueryHandler<GetCohorts> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ ability, scope }: GetCohorts): Promise<{ scope: AnalyticsScope; cohorts: Cohort[] }> {
    const [from, to] = windowBounds(scope);
    const where = scopeCondition(ability, scope, 3);
    const rows: { cohort: string; offset: number; users: number }[] = await this.dataSource.query(
      `WITH scoped AS (
         SELECT f.user_id, f.event_type, to_char(f.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month
           FROM analytics_facts f JOIN analytics_items i ON i.item_id = f.item_id
          WHERE f.user_id IS NOT NULL AND f.occurred_at >= $1 AND f.occurred_at < $2 AND ${where.sql}),
       firsts AS (SELECT user_id, min(month) AS cohort FROM scoped WHERE event_type = 'purchase' GROUP BY user_id)
       SELECT firsts.cohort,
              ((substr(s.month, 1, 4)::int - substr(firsts.cohort, 1, 4)::int) * 12 + substr(s.month, 6, 2)::int - substr(firsts.cohort, 6, 2)::int) AS offset,
              count(DISTINCT s.user_id)::int AS users
         FROM firsts JOIN scoped s ON s.user_id = firsts.user_id AND s.month >= firsts.cohort
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to, ...where.params],
    );
    const cohorts = new Map<string, Map<number, number>>();
    for (const row of rows) cohorts.set(row.cohort, (cohorts.get(row.cohort) ?? new Map()).set(row.offset, row.users));
    const lastMonth = scope.to.slice(0, 7);
    return {
      scope,
      cohorts: [...cohorts].map(([month, active]) => {
        const users = active.get(0)!;
        const span = (Number(lastMonth.slice(0, 4)) - Number(month.slice(0, 4))) * 12 + Number(lastMonth.slice(5)) - Number(month.slice(5));
        return { month, users, retention: Array.from({ length: span + 1 }, (_, offset) => (active.get(offset) ?? 0) / users) };
      }),
    };
  }
}
