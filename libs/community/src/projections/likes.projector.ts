import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { LikeEvent } from '../domain/community-events.js';

/**
 * community_likes (who likes what) and community_like_counts (how many). Each like's stream lets
 * it be liked once, so the count moves by one per event; the count's row lock orders parallel likes.
 */
@Injectable()
@InlineProjection()
export class LikesProjector implements InlineProjector {
  readonly eventTypes = ['community.liked', 'community.unliked'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<LikeEvent>[]) {
      const { targetKind, targetId, userId } = event.data;
      if (event.type === 'community.liked') {
        await manager.query(`INSERT INTO community_likes (target_kind, target_id, user_id, created_at) VALUES ($1, $2, $3, $4)`, [
          targetKind,
          targetId,
          userId,
          event.createdAt,
        ]);
        await manager.query(
          `INSERT INTO community_like_counts (target_kind, target_id, likes) VALUES ($1, $2, 1)
           ON CONFLICT (target_kind, target_id) DO UPDATE SET likes = community_like_counts.likes + 1`,
          [targetKind, targetId],
        );
      } else {
        await manager.query(`DELETE FROM community_likes WHERE target_kind = $1 AND target_id = $2 AND user_id = $3`, [targetKind, targetId, userId]);
        await manager.query(`UPDATE community_like_counts SET likes = likes - 1 WHERE target_kind = $1 AND target_id = $2`, [targetKind, targetId]);
      }
    }
  }
}
