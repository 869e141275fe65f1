import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global event order by (transaction_id, global_position), the order in which transactions become
 * visible to readers. A transaction that took its xid early (another write before its append) can
 * commit a higher position while a later xid's lower position is still in flight: ordering and
 * checkpointing by position alone skipped that lower position for good.
 */
export class EventOrder1764250000000 implements MigrationInterface {
  name = 'EventOrder1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX events_transaction_order_idx ON events (transaction_id, global_position)`);
    await db.query(`ALTER TABLE projection_checkpoints ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0'`);
    // A position checkpoint becomes the pair of the event it named. Events of later transactions
    // with lower positions are delivered (again, if they were delivered already): subscribers are
    // idempotent for exactly this kind of replay.
    await db.query(`
      UPDATE projection_checkpoints c SET transaction_id = e.transaction_id
        FROM events e WHERE e.global_position = c.position`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE projection_checkpoints DROP COLUMN transaction_id`);
    await db.query(`DROP INDEX events_transaction_order_idx`);
  }
}
