import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an item left the catalogue (its creator unpublished it, or a moderator hid it): from
 * `catalog.content-unpublished` / `-hidden`, cleared by `-republished`. An unlisted product takes no
 * new order; the grants of those who bought it stay as they are.
 */
export class CommerceUnlistedProducts1764900100000 implements MigrationInterface {
  name = 'CommerceUnlistedProducts1764900100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_products ADD COLUMN unlisted_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_products DROP COLUMN unlisted_at`);
  }
}
