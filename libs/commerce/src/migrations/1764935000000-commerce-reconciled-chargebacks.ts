import type { MigrationInterface, QueryRunner } from 'typeorm';

const REFUND_KINDS = `'missing_in_ledger', 'missing_at_provider', 'amount_mismatch', 'refund_missing_in_ledger', 'refund_missing_at_provider', 'refund_amount_mismatch'`;

/** Reconciliation compares chargebacks too (Stripe's disputes): a difference about one is keyed by refund_id 'chargeback'. */
export class CommerceReconciledChargebacks1764935000000 implements MigrationInterface {
  name = 'CommerceReconciledChargebacks1764935000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(
      `ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check
         CHECK (kind IN (${REFUND_KINDS}, 'chargeback_missing_in_ledger', 'chargeback_missing_at_provider', 'chargeback_amount_mismatch'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM commerce_reconciliation_differences WHERE kind LIKE 'chargeback_%'`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check CHECK (kind IN (${REFUND_KINDS}))`);
  }
}
