import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A verified phone number, encrypted at rest (FieldCipher), and the texted codes that prove one
 * (`verify`) or pass a sign-in as a second factor (`sign-in`): only a hash of each, its expiry and
 * how often it was tried.
 */
export class IdentityPhone1764700500000 implements MigrationInterface {
  name = 'IdentityPhone1764700500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users ADD COLUMN phone_encrypted text, ADD COLUMN phone_verified_at timestamptz`);
    await db.query(`
      CREATE TABLE identity_phone_codes (
        user_id         uuid        NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
        purpose         text        NOT NULL CHECK (purpose IN ('verify', 'sign-in')),
        phone_encrypted text        NOT NULL,
        code_hash       text        NOT NULL,
        sent_at         timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        attempts        integer     NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, purpose)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_phone_codes`);
    await db.query(`ALTER TABLE identity_users DROP COLUMN phone_encrypted, DROP COLUMN phone_verified_at`);
  }
}
