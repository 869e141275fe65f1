import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a certificate's holder erased their account: the read model then no longer names them, and
 * verification says the holder is erased instead of checking a statement it no longer has whole.
 * Certificates of accounts erased before this migration are brought in line.
 */
export class CatalogCertificateHolderErased1764800000000 implements MigrationInterface {
  name = 'CatalogCertificateHolderErased1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE catalog_certificates ADD COLUMN holder_erased_at timestamptz`);
    await db.query(`
      UPDATE catalog_certificates c
         SET holder_erased_at = e.created_at, statement = jsonb_set(c.statement, '{learnerName}', '"[erased]"')
        FROM events e
       WHERE e.type = 'identity.account-erased' AND e.data->>'userId' = c.learner_id::text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE catalog_certificates DROP COLUMN holder_erased_at`);
  }
}
