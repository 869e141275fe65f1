import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reconciliation compares refunds too: a difference may be about one refund of a payment ('' : the payment's capture). */
export class CommerceReconciledRefunds1764910100000 implements MigrationInterface {
  name = 'CommerceReconciledRefunds1764910100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD COLUMN refund_id text NOT NULL DEFAULT ''`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_pkey`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD PRIMARY KEY (provider, day, payment_id, refund_id)`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(
      `ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check
         CHECK (kind IN ('missing_in_ledger', 'missing_at_provider', 'amount_mismatch', 'refund_missing_in_ledger', 'refund_missing_at_provider', 'refund_amount_mismatch'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM commerce_reconciliation_differences WHERE refund_id <> ''`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(
      `ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check CHECK (kind IN ('missing_in_ledger', 'missing_at_provider', 'amount_mismatch'))`,
    );
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_pkey`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD PRIMARY KEY (provider, day, payment_id)`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP COLUMN refund_id`);
  }
}
