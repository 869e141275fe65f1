import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Course certificates as issued: the signed statement and its signature, projected inline from catalog.certificate-issued. */
export class CatalogCertificates1764761000000 implements MigrationInterface {
  name = 'CatalogCertificates1764761000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalog_certificates (
        id         uuid        PRIMARY KEY,
        learner_id uuid        NOT NULL,
        course_id  uuid        NOT NULL,
        statement  jsonb       NOT NULL,
        signature  text        NOT NULL,
        issued_at  timestamptz NOT NULL,
        UNIQUE (learner_id, course_id)
      )`);
    await db.query(`CREATE INDEX catalog_certificates_learner_idx ON catalog_certificates (learner_id, issued_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE catalog_certificates`);
  }
}
