import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A review withdrawn after a full refund or a chargeback stays in community_reviews, marked, so its
 * author still sees it (and why); lists, counts, averages and the moderation queue skip it.
 * Reviews withdrawn before this were deleted from the table and stay so (their events are unchanged).
 */
export class CommunityWithdrawnReviews1764900300000 implements MigrationInterface {
  name = 'CommunityWithdrawnReviews1764900300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE community_reviews
        ADD COLUMN withdrawn_at     timestamptz,
        ADD COLUMN withdrawn_reason text CHECK (withdrawn_reason IN ('refunded', 'charged-back'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM community_reviews WHERE withdrawn_at IS NOT NULL`);
    await db.query(`ALTER TABLE community_reviews DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_reason`);
  }
}
