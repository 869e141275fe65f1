import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paid questions commerce can sell: each to its asker alone, at the expert's price when asked,
 * the expert credited like a creator. Learned from consulting.question-asked.
 */
export class CommerceQuestionOffers1764750100000 implements MigrationInterface {
  name = 'CommerceQuestionOffers1764750100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_question_offers (
        question_id uuid        PRIMARY KEY,
        asker_id    uuid        NOT NULL,
        expert_id   uuid        NOT NULL,
        title       text        NOT NULL,
        price_cents bigint      NOT NULL CHECK (price_cents > 0),
        currency    char(3)     NOT NULL,
        asked_at    timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_question_offers`);
  }
}
