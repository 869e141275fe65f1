import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Follows, the published items and purchases social reads from other domains' events, notifications, and direct messages. */
export class Social1764760000000 implements MigrationInterface {
  name = 'Social1764760000000';

  async up(db: QueryRunner): Promise<void> {
    // Projected inline from the follow streams. The second index serves fan-out (followers of a target, in pages) and counts.
    await db.query(`
      CREATE TABLE social_follows (
        follower_id uuid        NOT NULL,
        target_type text        NOT NULL CHECK (target_type IN ('creator', 'column')),
        target_id   uuid        NOT NULL,
        followed_at timestamptz NOT NULL,
        PRIMARY KEY (follower_id, target_type, target_id)
      )`);
    await db.query(`CREATE INDEX social_follows_target_idx ON social_follows (target_type, target_id, follower_id)`);
    await db.query(`CREATE INDEX social_follows_list_idx ON social_follows (follower_id, followed_at DESC, target_id DESC)`);

    // From catalog.content-approved: what there is to follow (columns) without reading catalog's tables.
    await db.query(`
      CREATE TABLE social_contents (
        content_id   uuid        PRIMARY KEY,
        creator_id   uuid        NOT NULL,
        kind         text        NOT NULL,
        title        text        NOT NULL,
        published_at timestamptz NOT NULL
      )`);

    // From commerce.order-paid (less refunded and charged-back orders): who bought from whom, which opens a conversation.
    await db.query(`
      CREATE TABLE social_purchases (
        order_id   uuid NOT NULL,
        buyer_id   uuid NOT NULL,
        creator_id uuid NOT NULL,
        PRIMARY KEY (order_id, creator_id)
      )`);
    await db.query(`CREATE INDEX social_purchases_pair_idx ON social_purchases (buyer_id, creator_id)`);

    // Written by the notifications fan-out job: one per (recipient, item), so a rerun or a repeated event adds nothing.
    // email_claimed_at: taken before a mail is sent, so a rerun never mails twice.
    await db.query(`
      CREATE TABLE social_notifications (
        id               uuid        PRIMARY KEY,
        recipient_id     uuid        NOT NULL,
        item_id          uuid        NOT NULL,
        kind             text        NOT NULL,
        title            text        NOT NULL,
        creator_id       uuid        NOT NULL,
        creator_name     text        NOT NULL,
        link             text        NOT NULL,
        created_at       timestamptz NOT NULL,
        read_at          timestamptz,
        email_claimed_at timestamptz,
        UNIQUE (recipient_id, item_id)
      )`);
    await db.query(`CREATE INDEX social_notifications_inbox_idx ON social_notifications (recipient_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX social_notifications_unread_idx ON social_notifications (recipient_id) WHERE read_at IS NULL`);

    // Projected inline from the conversation streams.
    await db.query(`
      CREATE TABLE social_conversations (
        id              uuid        PRIMARY KEY,
        learner_id      uuid        NOT NULL,
        creator_id      uuid        NOT NULL,
        started_at      timestamptz NOT NULL,
        last_message_at timestamptz NOT NULL,
        message_count   integer     NOT NULL DEFAULT 0
      )`);
    // One row per participant: their unread count and where their list sorts the conversation.
    await db.query(`
      CREATE TABLE social_conversation_members (
        conversation_id uuid        NOT NULL,
        user_id         uuid        NOT NULL,
        other_id        uuid        NOT NULL,
        unread_count    integer     NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
        last_message_at timestamptz NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      )`);
    await db.query(`CREATE INDEX social_conversation_members_list_idx ON social_conversation_members (user_id, last_message_at DESC, conversation_id DESC)`);
    await db.query(`
      CREATE TABLE social_messages (
        id              uuid        PRIMARY KEY,
        conversation_id uuid        NOT NULL,
        seq             integer     NOT NULL,
        sender_id       uuid        NOT NULL,
        body            text        NOT NULL,
        sent_at         timestamptz NOT NULL,
        UNIQUE (conversation_id, seq)
      )`);
    await db.query(`
      CREATE TABLE social_blocks (
        blocker_id uuid        NOT NULL,
        blocked_id uuid        NOT NULL,
        blocked_at timestamptz NOT NULL,
        PRIMARY KEY (blocker_id, blocked_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['social_blocks', 'social_messages', 'social_conversation_members', 'social_conversations', 'social_notifications', 'social_purchases', 'social_contents', 'social_follows']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
