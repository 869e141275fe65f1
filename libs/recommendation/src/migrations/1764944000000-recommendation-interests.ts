import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The categories each learner chose as their interests (the inline projection of
 * `recommendation.interests-stated`): the popular fill serves these categories first.
 */
export class RecommendationInterests1764944000000 implements MigrationInterface {
  name = 'RecommendationInterests1764944000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rec_interests (
        user_id      uuid        PRIMARY KEY,
        category_ids uuid[]      NOT NULL,
        stated_at    timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rec_interests`);
  }
}
