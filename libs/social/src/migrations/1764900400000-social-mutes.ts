import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creators and columns a user muted: the notification fan-out skips them for those (from social.muted / social.unmuted). */
export class SocialMutes1764900400000 implements MigrationInterface {
  name = 'SocialMutes1764900400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE social_mutes (
        user_id     uuid        NOT NULL,
        target_type text        NOT NULL CHECK (target_type IN ('creator', 'column')),
        target_id   uuid        NOT NULL,
        muted_at    timestamptz NOT NULL,
        PRIMARY KEY (user_id, target_type, target_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE social_mutes`);
  }
}
