import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of users (inline-projected: login reads it right after registration). */
export class Identity1764201700000 implements MigrationInterface {
  name = 'Identity1764201700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_users (
        id            uuid        PRIMARY KEY,
        email         text        NOT NULL,
        display_name  text        NOT NULL,
        password_hash text        NOT NULL,
        roles         text[]      NOT NULL,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        CONSTRAINT identity_users_email_unique UNIQUE (email)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_users`);
  }
}
