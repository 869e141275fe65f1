import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform';
import { associationRules } from '../domain/association-rules.js';
import type { ItemPublishedJobData } from '../jobs/analytics-jobs.js';

/** A play this far through counts as completed. */
export const COMPLETED_PROGRESS = 0.95;

export interface RefreshOutcome {
  readonly batches: number;
  readonly days: number;
  readonly rules: number;
}

/**
 * Keeps the analytics read models from the clean facts: daily aggregates per item and platform,
 * refreshed for the (day, item) pairs that new cleansing batches touched (a rerun batch touches
 * them again), and the association rules over purchase baskets, recomputed whole.
 */
@Injectable()
export class AnalyticsBuild {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Upserts the item as catalog published it (a later approval of the same item updates it). */
  async recordItem(event: ItemPublishedJobData): Promise<void> {
    const { contentId, creatorId, kind, title, publishedAt } = event.data;
    await this.dataSource.query(
      `INSERT INTO analytics_items (item_id, creator_id, category, title, published_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (item_id) DO UPDATE SET creator_id = $2, category = $3, title = $4, published_at = $5`,
      [contentId, creatorId, kind, title, publishedAt],
    );
  }

  /** Folds the batches cleansed since the last refresh into the daily aggregates, then the rules. */
  refresh(): Promise<RefreshOutcome> {
    return this.dataSource.transaction(async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('analytics-refresh'))`);
      const [state] = await db.query(`SELECT last_batch_id FROM analytics_refresh WHERE id = 1`);
      const after = Number(state?.last_batch_id ?? 0);
      const [{ upto }] = await db.query(`SELECT coalesce(max(id), 0) AS upto FROM analytics_cleansing_batches`);
      const touched: { day: string; item_id: string }[] = await db.query(
        `SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, item_id FROM analytics_facts
          WHERE batch_id > $1 AND batch_id <= $2 AND item_id IS NOT NULL`,
        [after, upto],
      );
      const days = touched.map((row) => row.day);
      const items = touched.map((row) => row.item_id);
      await db.query(
        `DELETE FROM analytics_item_daily d USING unnest($1::date[], $2::uuid[]) AS t(day, item_id) WHERE d.day = t.day AND d.item_id = t.item_id`,
        [days, items],
      );
      await db.query(
        `INSERT INTO analytics_item_daily (day, item_id, platform, views, plays, completions, orders, purchases, revenue_cents, refunds, refund_cents, ratings, rating_sum, enrolments)
         SELECT t.day, f.item_id, coalesce(f.platform, 'unknown'),
                count(*) FILTER (WHERE f.event_type = 'view'),
                count(*) FILTER (WHERE f.event_type = 'play'),
                count(*) FILTER (WHERE f.event_type = 'play' AND f.progress >= $3),
                count(*) FILTER (WHERE f.event_type = 'order'),
                count(*) FILTER (WHERE f.event_type = 'purchase'),
                coalesce(sum(f.amount_cents) FILTER (WHERE f.event_type = 'purchase'), 0),
                count(*) FILTER (WHERE f.event_type = 'refund'),
                coalesce(sum(f.amount_cents) FILTER (WHERE f.event_type = 'refund'), 0),
                count(*) FILTER (WHERE f.event_type = 'rate'),
                coalesce(sum(f.rating) FILTER (WHERE f.event_type = 'rate'), 0),
                count(*) FILTER (WHERE f.event_type = 'enrolment')
           FROM unnest($1::date[], $2::uuid[]) AS t(day, item_id)
           JOIN analytics_facts f ON f.item_id = t.item_id
            AND f.occurred_at >= t.day::timestamp AT TIME ZONE 'UTC' AND f.occurred_at < (t.day + 1)::timestamp AT TIME ZONE 'UTC'
          GROUP BY t.day, f.item_id, coalesce(f.platform, 'unknown')`,
        [days, items, COMPLETED_PROGRESS],
      );
      const rules = await this.rebuildRules(db);
      await db.query(
        `INSERT INTO analytics_refresh (id, last_batch_id, refreshed_at) VALUES (1, $1, now())
         ON CONFLICT (id) DO UPDATE SET last_batch_id = $1, refreshed_at = now()`,
        [upto],
      );
      return { batches: Number(upto) - after, days: touched.length, rules };
    });
  }

  /** A basket is what a buyer holds: items bought and not refunded. */
  private async rebuildRules(db: { query: DataSource['query'] }): Promise<number> {
    const baskets: { items: string[] }[] = await db.query(
      `SELECT array_agg(DISTINCT item_id::text ORDER BY item_id::text) AS items FROM analytics_facts p
        WHERE p.event_type = 'purchase' AND p.user_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM analytics_facts r WHERE r.event_type = 'refund' AND r.user_id = p.user_id AND r.item_id = p.item_id)
        GROUP BY p.user_id`,
    );
    const { ruleMinSupport, ruleMinConfidence } = this.config.analytics;
    const rules = associationRules(
      baskets.map((basket) => basket.items),
      { minSupport: ruleMinSupport, minConfidence: ruleMinConfidence, maxItems: 3 },
    );
    await db.query(`DELETE FROM analytics_association_rules`);
    if (rules.length > 0) {
      await db.query(
        `INSERT INTO analytics_association_rules (antecedent, consequent, support, confidence, lift, baskets)
         SELECT string_to_array(a, ',')::uuid[], string_to_array(c, ',')::uuid[], s, conf, l, b
           FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::int[]) AS r(a, c, s, conf, l, b)`,
        [
          rules.map((rule) => rule.antecedent.join(',')),
          rules.map((rule) => rule.consequent.join(',')),
          rules.map((rule) => rule.support),
          rules.map((rule) => rule.confidence),
          rules.map((rule) => rule.lift),
          rules.map((rule) => rule.baskets),
        ],
      );
    }
    return rules.length;
  }
}
