import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The category tree, a content's category, the figures lists sort by (buyers, ratings), and the
 * PostgreSQL search index: one row per content with its jieba-segmented words weighted
 * title (A) > tags (B) > summary (C) > lesson headings (D), plus trigrams for typos and partial words.
 */
export class CatalogCategoriesAndSearch1764730000000 implements MigrationInterface {
  name = 'CatalogCategoriesAndSearch1764730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalog_categories (
        id         uuid        PRIMARY KEY,
        parent_id  uuid        REFERENCES catalog_categories (id),
        slug       text        NOT NULL UNIQUE,
        name       text        NOT NULL,
        position   integer     NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX catalog_categories_parent_idx ON catalog_categories (parent_id, position)`);

    await db.query(`ALTER TABLE catalog_contents ADD COLUMN category_id uuid`);
    await db.query(`CREATE INDEX catalog_contents_category_idx ON catalog_contents (category_id) WHERE category_id IS NOT NULL`);

    // Written by the ContentStatsSubscriber from commerce's and community's events.
    await db.query(`
      CREATE TABLE catalog_content_stats (
        content_id   uuid    PRIMARY KEY,
        buyers       integer NOT NULL DEFAULT 0 CHECK (buyers >= 0),
        rating_count integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
        rating_sum   integer NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
        -- The average in hundredths, a whole number, so a list sorted by it pages with an exact cursor.
        rating_centi integer GENERATED ALWAYS AS (CASE WHEN rating_count > 0 THEN rating_sum * 100 / rating_count ELSE 0 END) STORED
      )`);

    await db.query(`
      CREATE TABLE catalog_search_documents (
        content_id   uuid        PRIMARY KEY,
        creator_id   uuid        NOT NULL,
        status       text        NOT NULL,
        kind         text        NOT NULL,
        price_cents  integer     NOT NULL,
        currency     char(3)     NOT NULL,
        category_id  uuid,
        published_at timestamptz,
        title        text        NOT NULL,
        summary      text        NOT NULL,
        tags         text[]      NOT NULL,
        headings     text[]      NOT NULL,
        document     tsvector    NOT NULL,
        -- Title and tags lower-cased, for trigram matching of typos and partial words.
        fuzzy_text   text        NOT NULL
      )`);
    await db.query(`CREATE INDEX catalog_search_documents_fts_idx ON catalog_search_documents USING gin (document) WHERE status = 'published'`);
    await db.query(`CREATE INDEX catalog_search_documents_trgm_idx ON catalog_search_documents USING gin (fuzzy_text gin_trgm_ops) WHERE status = 'published'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE catalog_search_documents`);
    await db.query(`DROP TABLE catalog_content_stats`);
    await db.query(`ALTER TABLE catalog_contents DROP COLUMN category_id`);
    await db.query(`DROP TABLE catalog_categories`);
  }
}
