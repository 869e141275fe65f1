import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Secrets generated at first start when the environment sets none (never outside development and tests). */
export class PlatformSecrets1764260000000 implements MigrationInterface {
  name = 'PlatformSecrets1764260000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE platform_secrets (
        name       text        PRIMARY KEY,
        value      text        NOT NULL CHECK (length(value) >= 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE platform_secrets`);
  }
}
