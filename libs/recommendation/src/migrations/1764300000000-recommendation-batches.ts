import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Similarity batches built in short transactions: every row of rec_neighbours belongs to a batch,
 * a one-row pointer names the batch readers use, and a one-row record says which batch is being
 * built and how far it got, so a crashed build resumes where it stopped.
 */
export class RecommendationBatches1764300000000 implements MigrationInterface {
  name = 'RecommendationBatches1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // The rows present are the last finished batch's: the old batch replaced them all in one
    // transaction. A constant default is metadata-only, so existing rows are not rewritten.
    await db.query(`
      DO $$
      DECLARE
        latest text := (SELECT id FROM rec_batches ORDER BY finished_at DESC, id DESC LIMIT 1);
      BEGIN
        IF latest IS NULL THEN
          DELETE FROM rec_neighbours; -- no batch ever finished: nothing here was readable
        END IF;
        EXECUTE format('ALTER TABLE rec_neighbours ADD COLUMN batch_id text NOT NULL DEFAULT %L', coalesce(latest, ''));
        ALTER TABLE rec_neighbours ALTER COLUMN batch_id DROP DEFAULT;
      END $$`);
    await db.query(`ALTER TABLE rec_neighbours DROP CONSTRAINT rec_neighbours_pkey`);
    await db.query(`ALTER TABLE rec_neighbours ADD PRIMARY KEY (batch_id, content_id, neighbour_id)`);

    // The batch readers see. Switching to a new batch is one update of this row.
    await db.query(`
      CREATE TABLE rec_current_batch (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        batch_id text    NOT NULL REFERENCES rec_batches (id)
      )`);
    await db.query(`
      INSERT INTO rec_current_batch (batch_id)
      SELECT id FROM rec_batches ORDER BY finished_at DESC, id DESC LIMIT 1`);

    // The batch being built, if any. Each chunk commits its rows together with the cursor and the
    // counts here, so a rerun continues after the last committed chunk.
    await db.query(`
      CREATE TABLE rec_batch_in_progress (
        only_row         boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
        batch_id         text        NOT NULL,
        trigger          text        NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        requested_by     uuid,
        started_at       timestamptz NOT NULL,
        phase            text        NOT NULL CHECK (phase IN ('neighbours', 'popularity')),
        after_content_id uuid,                -- the phase is done up to this content id
        processed        integer     NOT NULL DEFAULT 0, -- content ids done in this phase
        items            integer     NOT NULL DEFAULT 0, -- content ids that got at least one neighbour
        pairs            integer     NOT NULL DEFAULT 0  -- rows of rec_neighbours written
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rec_batch_in_progress`);
    await db.query(`
      DELETE FROM rec_neighbours n
       WHERE NOT EXISTS (SELECT 1 FROM rec_current_batch c WHERE c.batch_id = n.batch_id)`);
    await db.query(`DROP TABLE rec_current_batch`);
    await db.query(`ALTER TABLE rec_neighbours DROP CONSTRAINT rec_neighbours_pkey`);
    await db.query(`ALTER TABLE rec_neighbours DROP COLUMN batch_id`);
    await db.query(`ALTER TABLE rec_neighbours ADD PRIMARY KEY (content_id, neighbour_id)`);
  }
}
