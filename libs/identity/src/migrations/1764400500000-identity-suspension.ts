import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A suspended account: no sign-in, no refresh, no access token of it works while this is set. */
export class IdentitySuspension1764400500000 implements MigrationInterface {
  name = 'IdentitySuspension1764400500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users ADD COLUMN suspended_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users DROP COLUMN suspended_at`);
  }
}
