import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ERASED, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * When a person erases their account, what they wrote leaves the read models with it (their
 * events keep it sealed with the key that was just deleted): comments read as erased, review
 * texts are gone (the stars stay, they name nobody), report reasons read as erased.
 */
@Injectable()
@InlineProjection()
export class ErasedAuthorsProjector implements InlineProjector {
  readonly eventTypes = ['identity.account-erased'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId } = event.data as { userId: string };
      await manager.query(`UPDATE community_comments SET body = $2 WHERE author_id = $1 AND body <> ''`, [userId, ERASED]);
      await manager.query(`UPDATE community_reviews SET text = '', text_status = 'none' WHERE user_id = $1`, [userId]);
      await manager.query(`UPDATE community_reports SET reason = $2 WHERE reporter_id = $1`, [userId, ERASED]);
    }
  }
}
