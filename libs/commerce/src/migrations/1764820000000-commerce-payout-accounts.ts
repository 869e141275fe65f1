import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On each payout, the provider that pays it and the payee it was approved for (a later change of
 * account does not redirect a payout under way), encrypted (FieldCipher, bound to the payout).
 */
export class CommercePayoutAccounts1764820000000 implements MigrationInterface {
  name = 'CommercePayoutAccounts1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_payouts ADD COLUMN provider text, ADD COLUMN payee text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_payouts DROP COLUMN payee, DROP COLUMN provider`);
  }
}
