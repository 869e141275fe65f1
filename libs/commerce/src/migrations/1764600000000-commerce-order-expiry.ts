import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders can expire unpaid: their deadline, and the status it leads to. */
export class CommerceOrderExpiry1764600000000 implements MigrationInterface {
  name = 'CommerceOrderExpiry1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders ADD COLUMN payable_until timestamptz`);
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_status_check`);
    await db.query(`ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_status_check CHECK (status IN ('pending', 'paid', 'failed', 'expired'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP CONSTRAINT commerce_orders_status_check`);
    await db.query(`ALTER TABLE commerce_orders ADD CONSTRAINT commerce_orders_status_check CHECK (status IN ('pending', 'paid', 'failed'))`);
    await db.query(`ALTER TABLE commerce_orders DROP COLUMN payable_until`);
  }
}
