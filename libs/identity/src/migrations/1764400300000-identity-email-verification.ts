import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verified emails, and the single-use tokens mailed to prove one or to reset a password: only a
 * SHA-256 of each token's secret is kept, with its purpose, expiry and use.
 */
export class IdentityEmailVerification1764400300000 implements MigrationInterface {
  name = 'IdentityEmailVerification1764400300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users ADD COLUMN email_verified_at timestamptz`);
    await db.query(`
      CREATE TABLE identity_one_time_tokens (
        id          uuid        PRIMARY KEY,
        user_id     uuid        NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
        purpose     text        NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
        token_hash  text        NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX identity_one_time_tokens_user_idx ON identity_one_time_tokens (user_id, purpose)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_one_time_tokens`);
    await db.query(`ALTER TABLE identity_users DROP COLUMN email_verified_at`);
  }
}
