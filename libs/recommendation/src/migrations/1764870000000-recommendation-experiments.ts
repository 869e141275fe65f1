import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A/B experiments between two served models. rec_experiments is the inline projection of the
 * experiments stream (written in the transaction that appends its events); at most one row is
 * running, which a partial unique index holds even if the stream and the table ever disagreed.
 * While one runs, each read of a learner's list records the learner's exposure (once, with the
 * variant served and the token the client echoes in its click events) and each item shown (once,
 * with when it was first shown, from which a paid order counts as a conversion).
 */
export class RecommendationExperiments1764870000000 implements MigrationInterface {
  name = 'RecommendationExperiments1764870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rec_experiments (
        experiment_id           uuid        PRIMARY KEY,
        name                    text        NOT NULL,
        variants                jsonb       NOT NULL,
        conversion_window_hours integer     NOT NULL CHECK (conversion_window_hours > 0),
        status                  text        NOT NULL CHECK (status IN ('running', 'stopped')),
        created_by              uuid        NOT NULL,
        created_at              timestamptz NOT NULL,
        stopped_by              uuid,
        stopped_at              timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX rec_experiments_one_running ON rec_experiments ((true)) WHERE status = 'running'`);
    await db.query(`
      CREATE TABLE rec_experiment_exposures (
        experiment_id   uuid        NOT NULL REFERENCES rec_experiments (experiment_id),
        user_id         uuid        NOT NULL,
        variant         text        NOT NULL,
        served_id       uuid        NOT NULL UNIQUE,
        first_served_at timestamptz NOT NULL,
        PRIMARY KEY (experiment_id, user_id)
      )`);
    await db.query(`CREATE INDEX rec_experiment_exposures_variant ON rec_experiment_exposures (experiment_id, variant)`);
    await db.query(`
      CREATE TABLE rec_experiment_offers (
        experiment_id    uuid        NOT NULL,
        user_id          uuid        NOT NULL,
        content_id       uuid        NOT NULL,
        first_offered_at timestamptz NOT NULL,
        PRIMARY KEY (experiment_id, user_id, content_id),
        FOREIGN KEY (experiment_id, user_id) REFERENCES rec_experiment_exposures (experiment_id, user_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['rec_experiment_offers', 'rec_experiment_exposures', 'rec_experiments']) await db.query(`DROP TABLE ${table}`);
  }
}
