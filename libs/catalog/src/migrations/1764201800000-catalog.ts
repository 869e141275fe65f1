import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of contents (inline-projected: a creator reads their draft right after writing it). */
export class Catalog1764201800000 implements MigrationInterface {
  name = 'Catalog1764201800000';

  async up(db: QueryRunner): Promise<void> {
    // Trigram indexes serve ILIKE '%…%' search, which also works for Chinese (no word boundaries needed).
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`
      CREATE TABLE catalog_contents (
        id               uuid        PRIMARY KEY,
        creator_id       uuid        NOT NULL,
        kind             text        NOT NULL CHECK (kind IN ('course', 'column', 'article', 'audio', 'video')),
        title            text        NOT NULL,
        summary          text        NOT NULL,
        price_cents      integer     NOT NULL CHECK (price_cents >= 0),
        currency         char(3)     NOT NULL,
        tags             text[]      NOT NULL,
        lessons          jsonb       NOT NULL,
        status           text        NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'rejected')),
        rejection_reason text,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        submitted_at     timestamptz,
        published_at     timestamptz
      )`);
    await db.query(
      `CREATE INDEX catalog_contents_published_idx ON catalog_contents (published_at DESC, id DESC) WHERE status = 'published'`,
    );
    await db.query(`CREATE INDEX catalog_contents_status_idx ON catalog_contents (status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX catalog_contents_creator_idx ON catalog_contents (creator_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX catalog_contents_tags_idx ON catalog_contents USING gin (tags)`);
    await db.query(`CREATE INDEX catalog_contents_title_trgm_idx ON catalog_contents USING gin (title gin_trgm_ops)`);
    await db.query(`CREATE INDEX catalog_contents_summary_trgm_idx ON catalog_contents USING gin (summary gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    // pg_trgm stays: other schemas may rely on it.
    await db.query(`DROP TABLE catalog_contents`);
  }
}
