import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders whose payment the buyer's bank took back. */
export class CommerceChargebacks1764662000000 implements MigrationInterface {
  name = 'CommerceChargebacks1764662000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_status_check`);
    await db.query(`
      ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_status_check
        CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'partially_refunded', 'refunded', 'charged_back'))`);
    await db.query(`ALTER TABLE commerce_orders ADD COLUMN charged_back_cents bigint NOT NULL DEFAULT 0 CHECK (charged_back_cents >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP COLUMN charged_back_cents`);
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_status_check`);
    await db.query(`
      ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_status_check
        CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'partially_refunded', 'refunded'))`);
  }
}
