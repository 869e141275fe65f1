import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppAbility } from '#platform';
import { COMPLETED_PROGRESS } from '../projections/analytics-build.js';
import { type AnalyticsScope, scopeCondition, windowBounds } from './analytics-scope.js';

export interface FunnelStep {
  step: 'viewed' | 'ordered' | 'paid' | 'completed';
  /** (user, item) pairs that reached this step and every step before it. */
  pairs: number;
  /** Share of the previous step's pairs; null for the first step or after an empty one. */
  conversion: number | null;
}

/** The funnel view → order → paid → completed over (user, item) pairs whose facts fall in the window. */
export class GetFunnel extends Query<{ scope: AnalyticsScope; steps: FunnelStep[] }> {
  constructor(
    readonly ability: AppAbility,
    readonly scope: AnalyticsScope,
  ) {
    super();
  }
}

@QueryHandler(GetFunnel)
export class GetFunnelHandler implements IQueryHandler<GetFunnel> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ ability, scope }: GetFunnel): Promise<{ scope: AnalyticsScope; steps: FunnelStep[] }> {
    const [from, to] = windowBounds(scope);
    const where = scopeCondition(ability, scope, 3);
    const [counts] = await this.dataSource.query(
      `WITH pairs AS (
         SELECT f.user_id, f.item_id,
                bool_or(f.event_type = 'view') AS viewed,
                bool_or(f.event_type = 'order') AS ordered,
                bool_or(f.event_type = 'purchase') AS paid,
                bool_or(f.event_type = 'play' AND f.progress >= ${COMPLETED_PROGRESS}) AS completed
           FROM analytics_facts f JOIN analytics_items i ON i.item_id = f.item_id
          WHERE f.user_id IS NOT NULL AND f.occurred_at >= $1 AND f.occurred_at < $2 AND ${where.sql}
          GROUP BY f.user_id, f.item_id)
       SELECT count(*) FILTER (WHERE viewed)::int AS viewed,
              count(*) FILTER (WHERE viewed AND ordered)::int AS ordered,
              count(*) FILTER (WHERE viewed AND ordered AND paid)::int AS paid,
              count(*) FILTER (WHERE viewed AND ordered AND paid AND completed)::int AS completed
         FROM pairs`,
      [from, to, ...where.params],
    );
    const names = ['viewed', 'ordered', 'paid', 'completed'] as const;
    const steps = names.map((step, index) => {
      const previous = index === 0 ? null : (counts[names[index - 1]!] as number);
      return { step, pairs: counts[step] as number, conversion: previous ? counts[step] / previous : null };
    });
    return { scope, steps };
  }
}
