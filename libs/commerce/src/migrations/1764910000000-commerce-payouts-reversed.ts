import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A payout the provider took back after paying it (a reversed Stripe transfer): status reversed, and how much. */
export class CommercePayoutsReversed1764910000000 implements MigrationInterface {
  name = 'CommercePayoutsReversed1764910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_payouts DROP CONSTRAINT commerce_payouts_status_check`);
    await db.query(
      `ALTER TABLE commerce_payouts ADD CONSTRAINT commerce_payouts_status_check CHECK (status IN ('requested', 'approved', 'rejected', 'paid', 'failed', 'reversed'))`,
    );
    await db.query(`ALTER TABLE commerce_payouts ADD COLUMN reversed_cents bigint NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_payouts DROP COLUMN reversed_cents`);
    await db.query(`UPDATE commerce_payouts SET status = 'paid' WHERE status = 'reversed'`);
    await db.query(`ALTER TABLE commerce_payouts DROP CONSTRAINT commerce_payouts_status_check`);
    await db.query(`ALTER TABLE commerce_payouts ADD CONSTRAINT commerce_payouts_status_check CHECK (status IN ('requested', 'approved', 'rejected', 'paid', 'failed'))`);
  }
}
