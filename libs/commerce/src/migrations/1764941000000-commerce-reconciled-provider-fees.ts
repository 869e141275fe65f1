import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'missing_in_ledger', 'missing_at_provider', 'amount_mismatch', 'refund_missing_in_ledger', 'refund_missing_at_provider', 'refund_amount_mismatch',
  'chargeback_missing_in_ledger', 'chargeback_missing_at_provider', 'chargeback_amount_mismatch'`;

/** Reconciliation reports a provider's fees of a day, which the ledger does not record (Stripe's): keyed by payment_id '' and refund_id 'fee:<currency>'. */
export class CommerceReconciledProviderFees1764941000000 implements MigrationInterface {
  name = 'CommerceReconciledProviderFees1764941000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check CHECK (kind IN (${KINDS}, 'fee_unrecorded'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM commerce_reconciliation_differences WHERE kind = 'fee_unrecorded'`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences DROP CONSTRAINT commerce_reconciliation_differences_kind_check`);
    await db.query(`ALTER TABLE commerce_reconciliation_differences ADD CONSTRAINT commerce_reconciliation_differences_kind_check CHECK (kind IN (${KINDS}))`);
  }
}
