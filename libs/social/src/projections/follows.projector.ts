import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { FollowEvent } from '../domain/social-events.js';

/** social_follows: who follows what now, in the follow's transaction (a follower count is right the moment the call returns). */
@Injectable()
@InlineProjection()
export class FollowsProjector implements InlineProjector {
  readonly eventTypes = ['social.followed', 'social.unfollowed'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<FollowEvent>[]) {
      const { followerId, targetType, targetId } = event.data;
      if (event.type === 'social.followed') {
        await manager.query(
          `INSERT INTO social_follows (follower_id, target_type, target_id, followed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [followerId, targetType, targetId, event.createdAt],
        );
      } else {
        await manager.query(`DELETE FROM social_follows WHERE follower_id = $1 AND target_type = $2 AND target_id = $3`, [followerId, targetType, targetId]);
      }
    }
  }
}
