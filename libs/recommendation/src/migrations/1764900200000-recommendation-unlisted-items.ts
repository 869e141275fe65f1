import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Items taken off the catalogue (catalog.content-unpublished / -hidden), with the position of the
 * event that did it: their rec_items row is deleted, and an older approval relayed late (a retry, a
 * replay) cannot bring it back. A republication, newer, lifts the mark.
 */
export class RecommendationUnlistedItems1764900200000 implements MigrationInterface {
  name = 'RecommendationUnlistedItems1764900200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rec_unlisted_items (
        content_id      uuid   PRIMARY KEY,
        source_position bigint NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rec_unlisted_items`);
  }
}
