import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recommendation read models: what can be recommended, who bought what, and the similarity batches. */
export class Recommendation1764202000000 implements MigrationInterface {
  name = 'Recommendation1764202000000';

  async up(db: QueryRunner): Promise<void> {
    // Published items, from catalog.content-approved; purchase_count is refreshed by each batch.
    await db.query(`
      CREATE TABLE rec_items (
        content_id      uuid        PRIMARY KEY,
        title           text        NOT NULL,
        kind            text        NOT NULL,
        creator_id      uuid        NOT NULL,
        published_at    timestamptz NOT NULL,
        purchase_count  integer     NOT NULL DEFAULT 0 CHECK (purchase_count >= 0),
        source_position bigint      NOT NULL
      )`);
    await db.query(`CREATE INDEX rec_items_popular_idx ON rec_items (purchase_count DESC, published_at DESC, content_id)`);
    await db.query(`
      CREATE TABLE rec_purchases (
        user_id      uuid        NOT NULL,
        content_id   uuid        NOT NULL,
        purchased_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, content_id)
      )`);
    await db.query(`CREATE INDEX rec_purchases_content_idx ON rec_purchases (content_id, user_id)`);
    await db.query(`
      CREATE TABLE rec_neighbours (
        content_id   uuid             NOT NULL,
        neighbour_id uuid             NOT NULL,
        score        double precision NOT NULL CHECK (score > 0),
        co_purchases integer          NOT NULL CHECK (co_purchases > 0),
        PRIMARY KEY (content_id, neighbour_id)
      )`);
    // One row per finished batch; the id is what triggered it, so a replayed trigger runs nothing.
    await db.query(`
      CREATE TABLE rec_batches (
        id           text        PRIMARY KEY,
        trigger      text        NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        requested_by uuid,
        started_at   timestamptz NOT NULL,
        finished_at  timestamptz NOT NULL,
        items        integer     NOT NULL, -- items that got at least one neighbour
        pairs        integer     NOT NULL  -- rows of rec_neighbours written
      )`);
    await db.query(`CREATE INDEX rec_batches_finished_idx ON rec_batches (finished_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['rec_batches', 'rec_neighbours', 'rec_purchases', 'rec_items']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
