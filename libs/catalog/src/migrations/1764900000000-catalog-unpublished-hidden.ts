import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Two statuses off the catalogue: `unpublished` (by its creator) and `hidden` (by a moderator, with the reason kept). */
export class CatalogUnpublishedHidden1764900000000 implements MigrationInterface {
  name = 'CatalogUnpublishedHidden1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE catalog_contents DROP CONSTRAINT catalog_contents_status_check`);
    await db.query(
      `ALTER TABLE catalog_contents ADD CONSTRAINT catalog_contents_status_check
         CHECK (status IN ('draft', 'in_review', 'published', 'rejected', 'unpublished', 'hidden'))`,
    );
    await db.query(`ALTER TABLE catalog_contents ADD COLUMN hidden_reason text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE catalog_contents DROP COLUMN hidden_reason`);
    await db.query(`ALTER TABLE catalog_contents DROP CONSTRAINT catalog_contents_status_check`);
    await db.query(`ALTER TABLE catalog_contents ADD CONSTRAINT catalog_contents_status_check CHECK (status IN ('draft', 'in_review', 'published', 'rejected'))`);
  }
}
