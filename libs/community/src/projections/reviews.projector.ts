import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ReviewEvent } from '../domain/community-events.js';
import { reviewId } from './review-id.js';

/**
 * community_reviews: each standing review (one per user and item); a removed one is gone from it. A
 * withdrawn one (its order refunded in full or charged back) stays, marked, for its author's eyes only:
 * every list, count, average and moderation queue reads only rows with no `withdrawn_at`.
 */
@Injectable()
@InlineProjection()
export class ReviewsProjector implements InlineProjector {
  readonly eventTypes = ['community.review-posted', 'community.review-text-written', 'community.review-removed', 'community.review-moderated', 'community.review-withdrawn'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ReviewEvent>[]) {
      const id = reviewId(event.data.contentId, event.data.userId);
      switch (event.type) {
        case 'community.review-posted':
          await manager.query(
            `INSERT INTO community_reviews (id, content_id, user_id, stars, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (id) DO UPDATE SET stars = EXCLUDED.stars, updated_at = EXCLUDED.updated_at,
               -- Rated again (bought again): a fresh review, no longer withdrawn, its old reports gone with the old one.
               created_at = CASE WHEN community_reviews.withdrawn_at IS NULL THEN community_reviews.created_at ELSE EXCLUDED.created_at END,
               report_count = CASE WHEN community_reviews.withdrawn_at IS NULL THEN community_reviews.report_count ELSE 0 END,
               reports_reviewed = CASE WHEN community_reviews.withdrawn_at IS NULL THEN community_reviews.reports_reviewed ELSE 0 END,
               withdrawn_at = NULL, withdrawn_reason = NULL`,
            [id, event.data.contentId, event.data.userId, event.data.stars, event.createdAt],
          );
          break;
        case 'community.review-text-written': {
          const { text, held } = event.data;
          await manager.query(`UPDATE community_reviews SET text = $2, text_status = $3 WHERE id = $1`, [
            id,
            text,
            text === '' ? 'none' : held ? 'held' : 'visible',
          ]);
          break;
        }
        case 'community.review-withdrawn':
          await manager.query(`UPDATE community_reviews SET withdrawn_at = $2, withdrawn_reason = $3 WHERE id = $1`, [
            id,
            event.createdAt,
            event.data.reason ?? 'refunded',
          ]);
          break;
        case 'community.review-removed':
          // The removal that follows a withdrawal leaves the marked row to its author.
          await manager.query(`DELETE FROM community_reviews WHERE id = $1 AND withdrawn_at IS NULL`, [id]);
          break;
        case 'community.review-moderated':
          if (event.data.decision === 'approved') {
            await manager.query(
              `UPDATE community_reviews SET text_status = CASE WHEN text_status = 'held' THEN 'visible' ELSE text_status END,
                      reports_reviewed = report_count WHERE id = $1`,
              [id],
            );
          }
          break;
      }
    }
  }
}
