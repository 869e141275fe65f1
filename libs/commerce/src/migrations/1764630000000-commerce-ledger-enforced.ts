import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger is enforced by the database, whoever writes to it: lines are append-only (corrections
 * are reversing entries), and every transaction's lines sum to zero when the writing transaction
 * commits (a deferred constraint trigger, so a posting may be inserted line by line).
 */
export class CommerceLedgerEnforced1764630000000 implements MigrationInterface {
  name = 'CommerceLedgerEnforced1764630000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TRIGGER commerce_ledger_lines_append_only BEFORE UPDATE OR DELETE ON commerce_ledger_lines
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await db.query(`
      CREATE TRIGGER commerce_ledger_lines_no_truncate BEFORE TRUNCATE ON commerce_ledger_lines
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
    await db.query(`
      CREATE FUNCTION commerce_ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total bigint;
      BEGIN
        SELECT sum(amount_cents) INTO total FROM commerce_ledger_lines WHERE transaction_id = NEW.transaction_id AND currency = NEW.currency;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger transaction % does not balance in % (off by %)', NEW.transaction_id, NEW.currency, total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER commerce_ledger_lines_balance AFTER INSERT ON commerce_ledger_lines
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION commerce_ledger_transaction_balances()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER commerce_ledger_lines_balance ON commerce_ledger_lines`);
    await db.query(`DROP FUNCTION commerce_ledger_transaction_balances()`);
    await db.query(`DROP TRIGGER commerce_ledger_lines_no_truncate ON commerce_ledger_lines`);
    await db.query(`DROP TRIGGER commerce_ledger_lines_append_only ON commerce_ledger_lines`);
  }
}
