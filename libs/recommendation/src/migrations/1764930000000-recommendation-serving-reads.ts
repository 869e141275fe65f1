import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a learner's list reads at scale without sorting or counting:
 * - an item's category copied onto rec_items (the projector keeps it in step with rec_item_classes),
 *   with a popularity index per category, so the popular fill of a learner's categories walks the
 *   index of each category and stops at the rows it needs instead of sorting every item of them;
 * - rec_item_learners: per item, the learners who bought it (the count of its rec_purchases rows,
 *   kept in step by the projector in the statement that inserts them), so a popular pick's
 *   `learners` is one row read instead of counting thousands of purchases.
 */
export class RecommendationServingReads1764930000000 implements MigrationInterface {
  name = 'RecommendationServingReads1764930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rec_items ADD COLUMN category_id uuid`);
    await db.query(`UPDATE rec_items i SET category_id = c.category_id FROM rec_item_classes c WHERE c.content_id = i.content_id AND c.category_id IS NOT NULL`);
    await db.query(
      `CREATE INDEX rec_items_category_popular_idx ON rec_items (category_id, purchase_count DESC, published_at DESC, content_id) WHERE category_id IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE rec_item_learners (
        content_id uuid    PRIMARY KEY,
        learners   integer NOT NULL CHECK (learners > 0)
      )`);
    await db.query(`INSERT INTO rec_item_learners (content_id, learners) SELECT content_id, count(*) FROM rec_purchases GROUP BY content_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rec_item_learners`);
    await db.query(`DROP INDEX rec_items_category_popular_idx`);
    await db.query(`ALTER TABLE rec_items DROP COLUMN category_id`);
  }
}
