import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Q&A on items and paid questions to experts: the items one may ask about, experts' prices, and every question. */
export class Consulting1764750000000 implements MigrationInterface {
  name = 'Consulting1764750000000';

  async up(db: QueryRunner): Promise<void> {
    // Published items and their creators, from catalog.content-approved: whom a question about an item goes to.
    await db.query(`
      CREATE TABLE consulting_items (
        content_id uuid PRIMARY KEY,
        creator_id uuid NOT NULL,
        title      text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE consulting_expert_prices (
        expert_id    uuid        PRIMARY KEY,
        amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
        currency     char(3)     NOT NULL,
        enabled      boolean     NOT NULL,
        updated_at   timestamptz NOT NULL
      )`);
    // Projected inline from each question's stream, plus its order's events (placed, refund approved, refunded).
    await db.query(`
      CREATE TABLE consulting_questions (
        question_id      uuid        PRIMARY KEY,
        asker_id         uuid        NOT NULL,
        expert_id        uuid        NOT NULL,
        content_id       uuid,
        text             text        NOT NULL,
        price_cents      bigint,
        currency         char(3),
        status           text        NOT NULL CHECK (status IN ('awaiting_payment', 'open', 'answered', 'refunded', 'expired')),
        order_id         uuid,
        asked_at         timestamptz NOT NULL,
        opened_at        timestamptz,
        answer_due_at    timestamptz,
        answer           text,
        answered_at      timestamptz,
        answer_edited_at timestamptz,
        closed_at        timestamptz,
        refund_id        uuid,
        refunded_at      timestamptz,
        updated_at       timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX consulting_questions_item_idx ON consulting_questions (content_id, asked_at DESC, question_id DESC) WHERE content_id IS NOT NULL`);
    await db.query(`CREATE INDEX consulting_questions_asker_idx ON consulting_questions (asker_id, asked_at DESC, question_id DESC)`);
    await db.query(`CREATE INDEX consulting_questions_inbox_idx ON consulting_questions (expert_id, opened_at, question_id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX consulting_questions_order_idx ON consulting_questions (order_id) WHERE order_id IS NOT NULL`);
    // What the sweep looks at: paid questions past their deadline, and refunds decided here that commerce has not taken up yet.
    await db.query(`CREATE INDEX consulting_questions_due_idx ON consulting_questions (answer_due_at) WHERE status = 'open' AND answer_due_at IS NOT NULL`);
    await db.query(`CREATE INDEX consulting_questions_refund_pending_idx ON consulting_questions (closed_at) WHERE status = 'refunded' AND refund_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE consulting_questions`);
    await db.query(`DROP TABLE consulting_expert_prices`);
    await db.query(`DROP TABLE consulting_items`);
  }
}
