import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The title and tag words of each published search document (its A and B weights), indexed on
 * their own: a search ranks these hits first, so on a large catalogue it can take its capped
 * candidates from them without ranking every document that mentions a word in a lesson heading.
 */
export class CatalogSearchTitleIndex1764810000000 implements MigrationInterface {
  name = 'CatalogSearchTitleIndex1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX catalog_search_documents_title_fts_idx ON catalog_search_documents USING gin (ts_filter(document, '{a,b}')) WHERE status = 'published'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX catalog_search_documents_title_fts_idx`);
  }
}
