import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A verified phone number, encrypted at rest (FieldCipher), and the texted code that proves one:
 * only its hash, its expiry and how often it was tried.
 */
export class IdentityPhone1764700500000 implements MigrationInterface {
  name = 'IdentityPhone1764700500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users ADD COLUMN phone_encrypted text, ADD COLUMN phone_verified_at timestamptz`);
    await db.query(`
      CREATE TABLE identity_phone_codes (
        user_id         uuid        PRIMARY KEY REFERENCES identity_users (id) ON DELETE CASCADE,
        phone_encrypted text        NOT NULL,
        code_hash       text        NOT NULL,
        sent_at         timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        attempts        integer     NOT NULL DEFAULT 0
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_phone_codes`);
    await db.query(`ALTER TABLE identity_users DROP COLUMN phone_encrypted, DROP COLUMN phone_verified_at`);
  }
}
