import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The lessons each buyer opened (from catalog's progress events): what the refund policy counts. */
export class CommerceLessonsOpened1764666000000 implements MigrationInterface {
  name = 'CommerceLessonsOpened1764666000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_lessons_opened (
        user_id       uuid        NOT NULL,
        content_id    uuid        NOT NULL,
        lesson_id     uuid        NOT NULL,
        lesson_count  integer     NOT NULL CHECK (lesson_count > 0),
        opened_at     timestamptz NOT NULL,
        PRIMARY KEY (user_id, content_id, lesson_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_lessons_opened`);
  }
}
