import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model neighbourhoods carry the learners who bought both. The run record says which serving model the data's size allowed (EASE or the sparse models) and
 * why, and, while a batch runs, how far it got (the percent its BullMQ job shows) and at what step.
 */
export class RecommendationModelChoice1764880000000 implements MigrationInterface {
  name = 'RecommendationModelChoice1764880000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['rec_batch_in_progress', 'rec_batches']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN model_choice text CHECK (model_choice IN ('ease', 'sparse'))`);
      await db.query(`ALTER TABLE ${table} ADD COLUMN model_choice_reason text`);
    }
    // A constant default is metadata-only: the (at most one) existing row is not rewritten.
    await db.query(`ALTER TABLE rec_batch_in_progress ADD COLUMN progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100)`);
    await db.query(`ALTER TABLE rec_batch_in_progress ADD COLUMN step text`);
    // The learners who bought both, counted by the batch: reading it makes a list's evidence a lookup,
    // where counting it at read time costs the buyers of every owned item (tens of thousands at scale).
    await db.query(`ALTER TABLE rec_model_neighbours ADD COLUMN co_purchases integer NOT NULL DEFAULT 0 CHECK (co_purchases >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rec_model_neighbours DROP COLUMN co_purchases`);
    await db.query(`ALTER TABLE rec_batch_in_progress DROP COLUMN step`);
    await db.query(`ALTER TABLE rec_batch_in_progress DROP COLUMN progress`);
    for (const table of ['rec_batches', 'rec_batch_in_progress']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN model_choice_reason`);
      await db.query(`ALTER TABLE ${table} DROP COLUMN model_choice`);
    }
  }
}
