import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { InterestsStated } from '../domain/recommendation-events.js';

/**
 * rec_interests: each learner's chosen categories, in the transaction that stated them (the next
 * read of their list and of their interests sees them). An erased account's row goes with it: the
 * choice was theirs to make, and nothing reads it for anyone else. Either way the learner's
 * precomputed list goes too (its popular fill followed the former choice): their next reads are
 * computed live until the next batch's pass or their next interaction computes it again.
 */
@Injectable()
@InlineProjection()
export class InterestsProjector implements InlineProjector {
  readonly eventTypes = ['recommendation.interests-stated', 'identity.account-erased'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId } = event.data as { userId: string };
      await manager.query(`DELETE FROM rec_precomputed_lists WHERE user_id = $1`, [userId]);
      if (event.type === 'identity.account-erased') {
        await manager.query(`DELETE FROM rec_interests WHERE user_id = $1`, [userId]);
        continue;
      }
      const { categoryIds } = (event as RecordedEvent<InterestsStated>).data;
      await manager.query(
        `INSERT INTO rec_interests (user_id, category_ids, stated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET category_ids = EXCLUDED.category_ids, stated_at = EXCLUDED.stated_at`,
        [userId, categoryIds, event.createdAt],
      );
    }
  }
}
