import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors: a TOTP secret per user (encrypted at rest, with the last time step accepted, so
 * a code is accepted once) and ten single-use recovery codes (hashed).
 */
export class IdentityMfa1764400400000 implements MigrationInterface {
  name = 'IdentityMfa1764400400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users ADD COLUMN mfa_enabled boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE identity_totp (
        user_id          uuid        PRIMARY KEY REFERENCES identity_users (id) ON DELETE CASCADE,
        secret           text        NOT NULL,
        confirmed_at     timestamptz,
        last_time_step   bigint      NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE identity_recovery_codes (
        user_id    uuid        NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
        code_hash  text        NOT NULL,
        used_at    timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_recovery_codes`);
    await db.query(`DROP TABLE identity_totp`);
    await db.query(`ALTER TABLE identity_users DROP COLUMN mfa_enabled`);
  }
}
