import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each provider is to pay each creator, and on each payout the provider that pays it and the
 * payee it was approved for (a later change of account does not redirect a payout under way).
 */
export class CommercePayoutAccounts1764820000000 implements MigrationInterface {
  name = 'CommercePayoutAccounts1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_payout_accounts (
        creator_id uuid        NOT NULL,
        provider   text        NOT NULL,
        account    text        NOT NULL,
        name       text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (creator_id, provider)
      )`);
    await db.query(`ALTER TABLE commerce_payouts ADD COLUMN provider text, ADD COLUMN payee jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_payouts DROP COLUMN payee, DROP COLUMN provider`);
    await db.query(`DROP TABLE commerce_payout_accounts`);
  }
}
