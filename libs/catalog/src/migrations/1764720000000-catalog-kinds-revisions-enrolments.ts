import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content kinds (live sessions; a course's chapters; a live session's schedule), the revision of a
 * published item waiting beside its live one, and enrolments: when each learner's access began,
 * which drip release counts from.
 */
export class CatalogKindsRevisionsEnrolments1764720000000 implements MigrationInterface {
  name = 'CatalogKindsRevisionsEnrolments1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE catalog_contents DROP CONSTRAINT catalog_contents_kind_check`);
    await db.query(
      `ALTER TABLE catalog_contents ADD CONSTRAINT catalog_contents_kind_check CHECK (kind IN ('course', 'column', 'article', 'audio', 'video', 'live'))`,
    );
    await db.query(`
      ALTER TABLE catalog_contents
        ADD COLUMN chapters                  jsonb,
        ADD COLUMN live                      jsonb,
        ADD COLUMN revision                  integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        ADD COLUMN pending                   jsonb,
        ADD COLUMN revision_status           text CHECK (revision_status IN ('draft', 'in_review', 'rejected')),
        ADD COLUMN revision_rejection_reason text,
        ADD COLUMN revised_at                timestamptz`);
    await db.query(`CREATE INDEX catalog_contents_revisions_in_review_idx ON catalog_contents (updated_at) WHERE revision_status = 'in_review'`);
    await db.query(`
      CREATE TABLE catalog_enrolments (
        user_id     uuid        NOT NULL,
        content_id  uuid        NOT NULL,
        enrolled_at timestamptz NOT NULL,
        source      text        NOT NULL CHECK (source IN ('order', 'staff-grant', 'first-lesson')),
        PRIMARY KEY (user_id, content_id)
      )`);
    await db.query(`CREATE INDEX catalog_enrolments_recent_idx ON catalog_enrolments (user_id, enrolled_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE catalog_enrolments`);
    await db.query(`DELETE FROM catalog_contents WHERE kind = 'live'`);
    await db.query(`
      ALTER TABLE catalog_contents
        DROP COLUMN chapters, DROP COLUMN live, DROP COLUMN revision, DROP COLUMN pending,
        DROP COLUMN revision_status, DROP COLUMN revision_rejection_reason, DROP COLUMN revised_at`);
    await db.query(`ALTER TABLE catalog_contents DROP CONSTRAINT catalog_contents_kind_check`);
    await db.query(
      `ALTER TABLE catalog_contents ADD CONSTRAINT catalog_contents_kind_check CHECK (kind IN ('course', 'column', 'article', 'audio', 'video'))`,
    );
  }
}
