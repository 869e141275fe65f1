import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper fact inserts (about half of a cleansing batch's time was writing its facts):
 * - the foreign key from a fact to its batch goes: cleansing, the only writer, inserts the batch row
 *   in the same transaction just before its facts, and batches are never deleted, while the check
 *   cost a trigger call per fact;
 * - near-duplicate lookups read a subject's facts within seconds of a time, which (user_id,
 *   occurred_at) and a (device_id, occurred_at) index of anonymous facts answer: the two wider
 *   indexes that also held item and type go.
 */
export class AnalyticsLeanerFacts1764920000000 implements MigrationInterface {
  name = 'AnalyticsLeanerFacts1764920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics_facts DROP CONSTRAINT IF EXISTS analytics_facts_batch_id_fkey`);
    await db.query(`DROP INDEX IF EXISTS analytics_facts_series`);
    await db.query(`DROP INDEX IF EXISTS analytics_facts_device_series`);
    await db.query(`CREATE INDEX analytics_facts_device_time ON analytics_facts (device_id, occurred_at) WHERE user_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS analytics_facts_device_time`);
    await db.query(`CREATE INDEX analytics_facts_device_series ON analytics_facts (device_id, item_id, event_type, occurred_at) WHERE user_id IS NULL`);
    await db.query(`CREATE INDEX analytics_facts_series ON analytics_facts (user_id, item_id, event_type, occurred_at)`);
    await db.query(`ALTER TABLE analytics_facts ADD CONSTRAINT analytics_facts_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES analytics_cleansing_batches (id)`);
  }
}
