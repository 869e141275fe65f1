import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions that never skip and never stall.
 *
 * Global event order by (transaction_id, global_position), the order in which transactions become
 * visible to readers. A transaction that took its xid early (another write before its append) can
 * commit a higher position while a later xid's lower position is still in flight: ordering and
 * checkpointing by position alone skipped that lower position for good.
 */
export class Subscriptions1764250000000 implements MigrationInterface {
  name = 'Subscriptions1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX events_transaction_order_idx ON events (transaction_id, global_position)`);
    await db.query(`ALTER TABLE projection_checkpoints ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0'`);
    // A position checkpoint becomes the pair of the event it named. Events of later transactions
    // with lower positions are delivered (again, if they were delivered already): subscribers are
    // idempotent for exactly this kind of replay.
    await db.query(`
      UPDATE projection_checkpoints c SET transaction_id = e.transaction_id
        FROM events e WHERE e.global_position = c.position`);

    // An event a subscriber failed on too often waits here, with its error, until staff retry it.
    await db.query(`
      CREATE TABLE subscription_parked_events (
        subscription    text        NOT NULL,
        transaction_id  xid8        NOT NULL,
        global_position bigint      NOT NULL,
        event_type      text        NOT NULL,
        attempts        integer     NOT NULL CHECK (attempts > 0),
        last_error      text        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('parked', 'retry_requested', 'resolved')),
        parked_at       timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscription, global_position)
      )`);
    await db.query(
      `CREATE INDEX subscription_parked_events_open_idx ON subscription_parked_events (subscription, status) WHERE status <> 'resolved'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE subscription_parked_events`);
    await db.query(`ALTER TABLE projection_checkpoints DROP COLUMN transaction_id`);
    await db.query(`DROP INDEX events_transaction_order_idx`);
  }
}
