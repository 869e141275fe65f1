import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { MuteEvent } from '../domain/social-events.js';

/** social_mutes: who muted which creator or column now, in the mute's transaction (the next fan-out batch respects it). */
@Injectable()
@InlineProjection()
export class MutesProjector implements InlineProjector {
  readonly eventTypes = ['social.muted', 'social.unmuted'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<MuteEvent>[]) {
      const { userId, targetType, targetId } = event.data;
      if (event.type === 'social.muted') {
        await manager.query(
          `INSERT INTO social_mutes (user_id, target_type, target_id, muted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [userId, targetType, targetId, event.createdAt],
        );
      } else {
        await manager.query(`DELETE FROM social_mutes WHERE user_id = $1 AND target_type = $2 AND target_id = $3`, [userId, targetType, targetId]);
      }
    }
  }
}
