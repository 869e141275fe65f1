import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A signal for a course completed in full (`course-completion`, relayed `catalog.certificate-issued`:
 * every lesson completed), told apart from one lesson completed (`completion`). Certificates issued
 * before this migration are not relayed again (the relay's checkpoint is past them).
 */
export class RecommendationCourseCompletions1764943000000 implements MigrationInterface {
  name = 'RecommendationCourseCompletions1764943000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rec_signals DROP CONSTRAINT rec_signals_kind_check`);
    await db.query(`ALTER TABLE rec_signals ADD CONSTRAINT rec_signals_kind_check CHECK (kind IN ('completion', 'course-completion', 'high-rating', 'view'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM rec_signals WHERE kind = 'course-completion'`);
    await db.query(`ALTER TABLE rec_signals DROP CONSTRAINT rec_signals_kind_check`);
    await db.query(`ALTER TABLE rec_signals ADD CONSTRAINT rec_signals_kind_check CHECK (kind IN ('completion', 'high-rating', 'view'))`);
  }
}
