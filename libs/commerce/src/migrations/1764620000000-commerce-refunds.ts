import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Refunds (asked, decided, paid back), refunded orders, and a webhook inbox that keeps every provider event. */
export class CommerceRefunds1764620000000 implements MigrationInterface {
  name = 'CommerceRefunds1764620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_status_check`);
    await db.query(`
      ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_status_check
        CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'partially_refunded', 'refunded'))`);
    await db.query(`ALTER TABLE commerce_orders ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0)`);
    await db.query(`ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_refund_within_total CHECK (refunded_cents <= total_cents)`);

    await db.query(`
      CREATE TABLE commerce_refunds (
        refund_id       text        PRIMARY KEY,
        order_id        uuid        NOT NULL,
        buyer_id        uuid        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'refunded')),
        requested_cents bigint,
        approved_cents  bigint,
        refunded_cents  bigint,
        currency        char(3)     NOT NULL,
        reason          text,
        reviewer_id     uuid,
        review_reason   text,
        requested_at    timestamptz,
        decided_at      timestamptz,
        refunded_at     timestamptz,
        updated_at      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_refunds_status_idx ON commerce_refunds (status, updated_at DESC, refund_id DESC)`);
    await db.query(`CREATE INDEX commerce_refunds_order_idx ON commerce_refunds (order_id)`);

    // The inbox: every signed provider event is kept, with what became of it.
    await db.query(`ALTER TABLE commerce_webhook_events ADD COLUMN payload jsonb`);
    await db.query(`
      ALTER TABLE commerce_webhook_events ADD COLUMN status text NOT NULL DEFAULT 'processed'
        CHECK (status IN ('received', 'processed', 'deferred', 'ignored', 'rejected'))`);
    await db.query(`ALTER TABLE commerce_webhook_events ALTER COLUMN status SET DEFAULT 'received'`);
    await db.query(`ALTER TABLE commerce_webhook_events ADD COLUMN error text`);
    await db.query(`ALTER TABLE commerce_webhook_events ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE commerce_webhook_events ADD COLUMN processed_at timestamptz`);
    await db.query(`CREATE INDEX commerce_webhook_events_deferred_idx ON commerce_webhook_events (payment_id) WHERE status = 'deferred'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX commerce_webhook_events_deferred_idx`);
    for (const column of ['processed_at', 'attempts', 'error', 'status', 'payload']) {
      await db.query(`ALTER TABLE commerce_webhook_events DROP COLUMN ${column}`);
    }
    await db.query(`DROP TABLE commerce_refunds`);
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_refund_within_total`);
    await db.query(`ALTER TABLE commerce_orders DROP COLUMN refunded_cents`);
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_status_check`);
    await db.query(`ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_status_check CHECK (status IN ('pending', 'paid', 'failed', 'expired'))`);
  }
}
