import type { MigrationInterface, QueryRunner } from 'typeorm';

const GRANT_SOURCES = `'order-item', 'subscription-period', 'bundle', 'coupon', 'free', 'staff'`;
const PAYMENT_STATUSES = `'open', 'paid', 'failed', 'canceled', 'owed-back'`;

/**
 * Disputes won: an order's access given back after its chargeback was reversed is a new grant of its
 * own source (`order-reinstated`, the order's id); a membership payment shows that it was charged
 * back (`charged_back`, how much) and when a dispute of it was won, and so does an order.
 */
export class CommerceDisputesWon1764940000000 implements MigrationInterface {
  name = 'CommerceDisputesWon1764940000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_access_grants DROP CONSTRAINT commerce_access_grants_source_type_check`);
    await db.query(`ALTER TABLE commerce_access_grants ADD CONSTRAINT commerce_access_grants_source_type_check CHECK (source_type IN (${GRANT_SOURCES}, 'order-reinstated'))`);
    await db.query(`ALTER TABLE commerce_subscription_payments DROP CONSTRAINT commerce_subscription_payments_status_check`);
    await db.query(
      `ALTER TABLE commerce_subscription_payments ADD CONSTRAINT commerce_subscription_payments_status_check CHECK (status IN (${PAYMENT_STATUSES}, 'charged_back'))`,
    );
    await db.query(`ALTER TABLE commerce_subscription_payments ADD COLUMN charged_back_cents bigint, ADD COLUMN dispute_won_at timestamptz`);
    await db.query(`ALTER TABLE commerce_orders ADD COLUMN dispute_won_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP COLUMN dispute_won_at`);
    await db.query(`ALTER TABLE commerce_subscription_payments DROP COLUMN dispute_won_at, DROP COLUMN charged_back_cents`);
    await db.query(`UPDATE commerce_subscription_payments SET status = 'paid' WHERE status = 'charged_back'`);
    await db.query(`ALTER TABLE commerce_subscription_payments DROP CONSTRAINT commerce_subscription_payments_status_check`);
    await db.query(`ALTER TABLE commerce_subscription_payments ADD CONSTRAINT commerce_subscription_payments_status_check CHECK (status IN (${PAYMENT_STATUSES}))`);
    await db.query(`DELETE FROM commerce_access_grants WHERE source_type = 'order-reinstated'`);
    await db.query(`ALTER TABLE commerce_access_grants DROP CONSTRAINT commerce_access_grants_source_type_check`);
    await db.query(`ALTER TABLE commerce_access_grants ADD CONSTRAINT commerce_access_grants_source_type_check CHECK (source_type IN (${GRANT_SOURCES}))`);
  }
}
