import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A learner's hybrid list computed ahead of the read (projections/precomputed-lists.ts): one row
 * per learner, served only while its batch is the current one and its basis (what the learner
 * owned when it was computed) is what they own as the list is read. `item_ids` names every item
 * the list refers to (its picks and the owned items its reasons name), which the read checks
 * against rec_items (still listed, current title) in the same statement.
 */
export class RecommendationPrecomputedLists1764942000000 implements MigrationInterface {
  name = 'RecommendationPrecomputedLists1764942000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rec_precomputed_lists (
        user_id     uuid        PRIMARY KEY,
        batch_id    text        NOT NULL,
        basis       uuid[]      NOT NULL,
        item_ids    uuid[]      NOT NULL,
        items       jsonb       NOT NULL,
        complete    boolean     NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rec_precomputed_lists`);
  }
}
