import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A click on a recommended item may carry the `servedId` the list came with (props.servedId):
 * cleansing keeps it on the fact, so an experiment's clicks are counted per served list.
 */
export class AnalyticsServedClicks1764870100000 implements MigrationInterface {
  name = 'AnalyticsServedClicks1764870100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics_facts ADD COLUMN served_id text`);
    await db.query(`CREATE INDEX analytics_facts_served ON analytics_facts (served_id) WHERE served_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics_facts DROP COLUMN served_id`);
  }
}
