import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments, likes, reviews and reports: read models projected inline from the community streams. */
export class Community1764740000000 implements MigrationInterface {
  name = 'Community1764740000000';

  async up(db: QueryRunner): Promise<void> {
    // report_count - reports_reviewed: reports no moderator has looked at yet (over the threshold, the post is hidden).
    await db.query(`
      CREATE TABLE community_comments (
        id               uuid        PRIMARY KEY,
        content_id       uuid        NOT NULL,
        lesson_id        uuid,
        parent_id        uuid,
        author_id        uuid        NOT NULL,
        body             text        NOT NULL,
        status           text        NOT NULL CHECK (status IN ('visible', 'held', 'deleted', 'removed')),
        report_count     int         NOT NULL DEFAULT 0,
        reports_reviewed int         NOT NULL DEFAULT 0 CHECK (reports_reviewed <= report_count),
        created_at       timestamptz NOT NULL,
        edited_at        timestamptz,
        updated_at       timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX community_comments_thread_idx ON community_comments (content_id, lesson_id, created_at DESC, id DESC) WHERE parent_id IS NULL`);
    await db.query(`CREATE INDEX community_comments_replies_idx ON community_comments (parent_id, created_at, id) WHERE parent_id IS NOT NULL`);
    await db.query(`CREATE INDEX community_comments_queue_idx ON community_comments (updated_at, id) WHERE status = 'held' OR report_count > reports_reviewed`);

    await db.query(`
      CREATE TABLE community_likes (
        target_kind text        NOT NULL CHECK (target_kind IN ('content', 'comment')),
        target_id   uuid        NOT NULL,
        user_id     uuid        NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (target_kind, target_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE community_like_counts (
        target_kind text NOT NULL,
        target_id   uuid NOT NULL,
        likes       int  NOT NULL CHECK (likes >= 0),
        PRIMARY KEY (target_kind, target_id)
      )`);

    await db.query(`
      CREATE TABLE community_reviews (
        id               uuid        PRIMARY KEY,
        content_id       uuid        NOT NULL,
        user_id          uuid        NOT NULL,
        stars            smallint    NOT NULL CHECK (stars BETWEEN 1 AND 5),
        text             text        NOT NULL DEFAULT '',
        text_status      text        NOT NULL DEFAULT 'none' CHECK (text_status IN ('none', 'visible', 'held')),
        report_count     int         NOT NULL DEFAULT 0,
        reports_reviewed int         NOT NULL DEFAULT 0 CHECK (reports_reviewed <= report_count),
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        UNIQUE (content_id, user_id)
      )`);
    await db.query(`CREATE INDEX community_reviews_list_idx ON community_reviews (content_id, updated_at DESC, id DESC)`);
    await db.query(`CREATE INDEX community_reviews_queue_idx ON community_reviews (updated_at, id) WHERE text_status = 'held' OR report_count > reports_reviewed`);

    await db.query(`
      CREATE TABLE community_reports (
        post_kind   text        NOT NULL CHECK (post_kind IN ('comment', 'review')),
        post_id     uuid        NOT NULL,
        reporter_id uuid        NOT NULL,
        reason      text        NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (post_kind, post_id, reporter_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE community_reports, community_reviews, community_like_counts, community_likes, community_comments`);
  }
}
