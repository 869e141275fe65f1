import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The profile the owner edits, roles granted for a while, and email changes: the new address
 * waits on its single-use token until the owner proves it.
 */
export class IdentityProfileAndRoles1764700000000 implements MigrationInterface {
  name = 'IdentityProfileAndRoles1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE identity_users
        ADD COLUMN avatar_url    text,
        ADD COLUMN bio           text,
        ADD COLUMN locale        text,
        ADD COLUMN time_zone     text,
        ADD COLUMN role_expiries jsonb NOT NULL DEFAULT '{}'`);
    // The one definition of the roles a user holds now: a role granted for a while stops counting at its end, without any job.
    await db.query(`
      CREATE FUNCTION identity_roles_now(roles text[], expiries jsonb) RETURNS text[]
      LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(role ORDER BY role), '{}')
          FROM unnest(roles) AS role
         WHERE NOT expiries ? role OR (expiries ->> role)::timestamptz > now()
      $$`);
    await db.query(`CREATE INDEX identity_users_email_prefix_idx ON identity_users (email text_pattern_ops)`);
    await db.query(`CREATE INDEX identity_users_created_idx ON identity_users (created_at DESC, id DESC)`);
    await db.query(`ALTER TABLE identity_one_time_tokens ADD COLUMN new_email text`);
    await db.query(`ALTER TABLE identity_one_time_tokens DROP CONSTRAINT identity_one_time_tokens_purpose_check`);
    await db.query(`
      ALTER TABLE identity_one_time_tokens ADD CONSTRAINT identity_one_time_tokens_purpose_check
        CHECK (purpose IN ('verify-email', 'reset-password', 'change-email') AND (new_email IS NOT NULL) = (purpose = 'change-email'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM identity_one_time_tokens WHERE purpose = 'change-email'`);
    await db.query(`ALTER TABLE identity_one_time_tokens DROP CONSTRAINT identity_one_time_tokens_purpose_check`);
    await db.query(`ALTER TABLE identity_one_time_tokens ADD CONSTRAINT identity_one_time_tokens_purpose_check CHECK (purpose IN ('verify-email', 'reset-password'))`);
    await db.query(`ALTER TABLE identity_one_time_tokens DROP COLUMN new_email`);
    await db.query(`DROP INDEX identity_users_created_idx`);
    await db.query(`DROP INDEX identity_users_email_prefix_idx`);
    await db.query(`DROP FUNCTION identity_roles_now(text[], jsonb)`);
    await db.query(`ALTER TABLE identity_users DROP COLUMN avatar_url, DROP COLUMN bio, DROP COLUMN locale, DROP COLUMN time_zone, DROP COLUMN role_expiries`);
  }
}
