import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrolments (the `enrolment` facts relayed from paid orders and members' first lessons) become a
 * daily metric beside views and purchases; the days already aggregated are counted from the facts.
 */
export class AnalyticsDailyEnrolments1764920100000 implements MigrationInterface {
  name = 'AnalyticsDailyEnrolments1764920100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics_item_daily ADD COLUMN enrolments int NOT NULL DEFAULT 0`);
    await db.query(`
      UPDATE analytics_item_daily d SET enrolments = counted.n
        FROM (SELECT (f.occurred_at AT TIME ZONE 'UTC')::date AS day, f.item_id, coalesce(f.platform, 'unknown') AS platform, count(*)::int AS n
                FROM analytics_facts f WHERE f.event_type = 'enrolment' AND f.item_id IS NOT NULL GROUP BY 1, 2, 3) AS counted
       WHERE d.day = counted.day AND d.item_id = counted.item_id AND d.platform = counted.platform`);
    // Days on which an item had enrolments and nothing else have no row yet.
    await db.query(`
      INSERT INTO analytics_item_daily (day, item_id, platform, views, plays, completions, orders, purchases, revenue_cents, refunds, refund_cents, ratings, rating_sum, enrolments)
      SELECT (f.occurred_at AT TIME ZONE 'UTC')::date, f.item_id, coalesce(f.platform, 'unknown'), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
        FROM analytics_facts f WHERE f.event_type = 'enrolment' AND f.item_id IS NOT NULL
       GROUP BY 1, 2, 3
      ON CONFLICT (day, item_id, platform) DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics_item_daily DROP COLUMN enrolments`);
  }
}
