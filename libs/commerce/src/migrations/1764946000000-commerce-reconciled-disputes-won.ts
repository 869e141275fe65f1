import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'missing_in_ledger', 'missing_at_provider', 'amount_mismatch', 'refund_missing_in_ledger', 'refund_missing_at_provider', 'refund_amount_mismatch',
  'chargeback_missing_in_ledger', 'chargeback_missing_at_provider', 'chargeback_amount_mismatch', 'fee_unrecorded'`;

/** Reconciliation compares a dispute won (the money given back) apart from its chargeback: keyed by refund_id 'dispute-won'. */
export class CommerceReconciledDisputesWon1764946000000 implements MigrationInterface {
  name = 'CommerceReconciledDisputesWon1764946000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(
      `ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check
         CHECK (kind IN (${KINDS}, 'dispute_won_missing_in_ledger', 'dispute_won_missing_at_provider', 'dispute_won_amount_mismatch'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM commerce_reconciliation_differences WHERE kind LIKE 'dispute\\_won\\_%'`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check CHECK (kind IN (${KINDS}))`);
  }
}
