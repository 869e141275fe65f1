import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each learner's progress through each lesson: where to resume, the time credited, and whether it is complete. */
export class CatalogLearningProgress1764665000000 implements MigrationInterface {
  name = 'CatalogLearningProgress1764665000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalog_lesson_progress (
        user_id           uuid        NOT NULL,
        content_id        uuid        NOT NULL,
        lesson_id         uuid        NOT NULL,
        position_seconds  integer     NOT NULL CHECK (position_seconds >= 0),
        watched_seconds   integer     NOT NULL CHECK (watched_seconds >= 0),
        length_seconds    integer     NOT NULL CHECK (length_seconds > 0),
        opened_at         timestamptz NOT NULL,
        completed_at      timestamptz,
        updated_at        timestamptz NOT NULL,
        PRIMARY KEY (user_id, content_id, lesson_id)
      )`);
    await db.query(`CREATE INDEX catalog_lesson_progress_recent ON catalog_lesson_progress (user_id, updated_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE catalog_lesson_progress`);
  }
}
