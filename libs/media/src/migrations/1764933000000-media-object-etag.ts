import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The entity tag of the object a ready asset was checked as (S3: the uploader's presigned PUT still
 * works after the check, so playback serves only those bytes). Null for the local store and for
 * assets made ready before it was recorded.
 */
export class MediaObjectEtag1764933000000 implements MigrationInterface {
  name = 'MediaObjectEtag1764933000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media_assets ADD COLUMN object_etag text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE media_assets DROP COLUMN object_etag`);
  }
}
