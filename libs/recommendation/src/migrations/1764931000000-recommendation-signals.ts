import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Implicit feedback besides purchases (which stay in rec_purchases), and user-kNN's neighbours per
 * learner.
 *
 * rec_signals: one row per learner, item and kind of act (`domain/signals.ts` declares the kinds
 * and their weights; the weight is not stored, so the declaration is the only place it lives). A
 * rating's row follows its review: `active` is false once the review is lowered below a high rating,
 * withdrawn, deleted or removed; `source_position` keeps an older event relayed late from undoing
 * a newer one. Views already recorded in rec_browsed (the first lesson opened) are copied in.
 *
 * rec_user_neighbours: a learner's most similar learners (user-kNN, cosine over the weighted
 * interactions with published items), best first, as of `computed_at` (when the data they were
 * computed from was read): by the batch for everyone, again for a learner as soon as one of their
 * own interactions is relayed. An older computation never overwrites a newer one.
 */
export class RecommendationSignals1764931000000 implements MigrationInterface {
  name = 'RecommendationSignals1764931000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rec_signals (
        user_id         uuid        NOT NULL,
        content_id      uuid        NOT NULL,
        kind            text        NOT NULL CHECK (kind IN ('completion', 'high-rating', 'view')),
        active          boolean     NOT NULL,
        at              timestamptz NOT NULL,
        source_position bigint      NOT NULL,
        PRIMARY KEY (user_id, content_id, kind)
      )`);
    await db.query(`CREATE INDEX rec_signals_content_idx ON rec_signals (content_id, user_id) WHERE active`);
    await db.query(`
      INSERT INTO rec_signals (user_id, content_id, kind, active, at, source_position)
      SELECT user_id, content_id, 'view', true, opened_at, 0 FROM rec_browsed`);
    await db.query(`
      CREATE TABLE rec_user_neighbours (
        user_id       uuid        PRIMARY KEY,
        neighbour_ids uuid[]      NOT NULL,
        similarities  float8[]    NOT NULL,
        computed_at   timestamptz NOT NULL,
        CHECK (cardinality(neighbour_ids) = cardinality(similarities))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rec_user_neighbours`);
    await db.query(`DROP TABLE rec_signals`);
  }
}
