import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the trained models need and what they produce. Items get the text the content model reads
 * (summary, tags) and their classification; categories get their names for `popular-in` reasons;
 * each batch writes, beside its co-purchase neighbours, the serving model's neighbourhood of every
 * item (a learner's list is the sum over their history, so a purchase changes it at once) and the
 * content model's neighbours with the terms both items share (the evidence of a `similar` reason).
 */
export class RecommendationModels1764860000000 implements MigrationInterface {
  name = 'RecommendationModels1764860000000';

  async up(db: QueryRunner): Promise<void> {
    // Constant defaults are metadata-only: existing rows are not rewritten.
    await db.query(`ALTER TABLE rec_items ADD COLUMN summary text NOT NULL DEFAULT ''`);
    await db.query(`ALTER TABLE rec_items ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    // From catalog.content-classified, which may arrive before or after the approval: its own row.
    await db.query(`
      CREATE TABLE rec_item_classes (
        content_id      uuid   PRIMARY KEY,
        category_id     uuid,
        tags            text[] NOT NULL,
        source_position bigint NOT NULL
      )`);
    await db.query(`CREATE INDEX rec_item_classes_category_idx ON rec_item_classes (category_id)`);
    await db.query(`
      CREATE TABLE rec_categories (
        category_id     uuid   PRIMARY KEY,
        name            text   NOT NULL,
        source_position bigint NOT NULL
      )`);
    await db.query(`
      CREATE TABLE rec_model_neighbours (
        batch_id     text             NOT NULL,
        content_id   uuid             NOT NULL,
        neighbour_id uuid             NOT NULL,
        score        double precision NOT NULL CHECK (score > 0),
        PRIMARY KEY (batch_id, content_id, neighbour_id)
      )`);
    await db.query(`
      CREATE TABLE rec_content_neighbours (
        batch_id     text             NOT NULL,
        content_id   uuid             NOT NULL,
        neighbour_id uuid             NOT NULL,
        similarity   double precision NOT NULL CHECK (similarity > 0),
        shared       text[]           NOT NULL,
        PRIMARY KEY (batch_id, content_id, neighbour_id)
      )`);
    // Items whose lessons a learner opened (previews included): the categories a newcomer browsed.
    await db.query(`
      CREATE TABLE rec_browsed (
        user_id    uuid        NOT NULL,
        content_id uuid        NOT NULL,
        opened_at  timestamptz NOT NULL,
        PRIMARY KEY (user_id, content_id)
      )`);
    await db.query(`ALTER TABLE rec_batch_in_progress DROP CONSTRAINT rec_batch_in_progress_phase_check`);
    await db.query(`ALTER TABLE rec_batch_in_progress ADD CONSTRAINT rec_batch_in_progress_phase_check CHECK (phase IN ('neighbours', 'model', 'popularity'))`);
    // The serving model as trained, with the weights the validation split chose.
    await db.query(`ALTER TABLE rec_batch_in_progress ADD COLUMN model text`);
    await db.query(`ALTER TABLE rec_batches ADD COLUMN model text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rec_batches DROP COLUMN model`);
    await db.query(`ALTER TABLE rec_batch_in_progress DROP COLUMN model`);
    await db.query(`DELETE FROM rec_batch_in_progress WHERE phase = 'model'`);
    await db.query(`ALTER TABLE rec_batch_in_progress DROP CONSTRAINT rec_batch_in_progress_phase_check`);
    await db.query(`ALTER TABLE rec_batch_in_progress ADD CONSTRAINT rec_batch_in_progress_phase_check CHECK (phase IN ('neighbours', 'popularity'))`);
    for (const table of ['rec_browsed', 'rec_content_neighbours', 'rec_model_neighbours', 'rec_categories', 'rec_item_classes']) await db.query(`DROP TABLE ${table}`);
    await db.query(`ALTER TABLE rec_items DROP COLUMN tags`);
    await db.query(`ALTER TABLE rec_items DROP COLUMN summary`);
  }
}
