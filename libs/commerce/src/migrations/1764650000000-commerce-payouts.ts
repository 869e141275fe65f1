import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creator payouts; ledger lines that belong to no order (a payout's); the inbox names any provider object. */
export class CommercePayouts1764650000000 implements MigrationInterface {
  name = 'CommercePayouts1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_payouts (
        payout_id      uuid        PRIMARY KEY,
        creator_id     uuid        NOT NULL,
        amount_cents   bigint      NOT NULL CHECK (amount_cents > 0),
        currency       char(3)     NOT NULL,
        status         text        NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'paid', 'failed')),
        reviewer_id    uuid,
        reason         text,
        requested_at   timestamptz NOT NULL,
        decided_at     timestamptz,
        settled_at     timestamptz,
        updated_at     timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX commerce_payouts_creator_idx ON commerce_payouts (creator_id, updated_at DESC, payout_id DESC)`);
    await db.query(`CREATE INDEX commerce_payouts_status_idx ON commerce_payouts (status, updated_at DESC, payout_id DESC)`);
    await db.query(`ALTER TABLE commerce_ledger_lines ALTER COLUMN order_id DROP NOT NULL`);
    await db.query(`CREATE INDEX commerce_ledger_lines_account_idx ON commerce_ledger_lines (account, posted_at)`);
    // A provider event is about a payment, a refund's payment or a payout: the object it names.
    await db.query(`ALTER TABLE commerce_webhook_events RENAME COLUMN payment_id TO object_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_webhook_events RENAME COLUMN object_id TO payment_id`);
    await db.query(`DROP INDEX commerce_ledger_lines_account_idx`);
    await db.query(`ALTER TABLE commerce_ledger_lines ALTER COLUMN order_id SET NOT NULL`);
    await db.query(`DROP TABLE commerce_payouts`);
  }
}
