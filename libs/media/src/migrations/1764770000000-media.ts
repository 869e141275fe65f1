import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Media assets as they are now, projected inline from each asset's stream. */
export class Media1764770000000 implements MigrationInterface {
  name = 'Media1764770000000';

  async up(db: QueryRunner): Promise<void> {
    // content_id / lesson_id point into the catalog by value only (checked at declaration through its query).
    await db.query(`
      CREATE TABLE media_assets (
        id               uuid        PRIMARY KEY,
        content_id       uuid        NOT NULL,
        lesson_id        uuid,
        creator_id       uuid        NOT NULL,
        kind             text        NOT NULL CHECK (kind IN ('audio', 'video', 'image', 'attachment')),
        mime_type        text        NOT NULL,
        size_bytes       bigint      NOT NULL CHECK (size_bytes > 0),
        file_name        text        NOT NULL,
        storage_key      text        NOT NULL UNIQUE,
        status           text        NOT NULL CHECK (status IN ('declared', 'uploaded', 'ready', 'rejected', 'deleted')),
        signature        text,
        duration_seconds double precision,
        rejection_reason text,
        rejection_detail text,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX media_assets_content_idx ON media_assets (content_id, created_at DESC, id DESC) WHERE status <> 'deleted'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE media_assets`);
  }
}
