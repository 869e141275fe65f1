import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ERASED, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * When a learner erases their account, their certificates stop naming them: the name in the
 * statement reads as erased (the event keeps it sealed with the key just deleted) and the
 * certificate is marked, so verification no longer vouches for a statement it cannot show whole.
 */
@Injectable()
@InlineProjection()
export class ErasedLearnersProjector implements InlineProjector {
  readonly eventTypes = ['identity.account-erased'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId } = event.data as { userId: string };
      await manager.query(
        `UPDATE catalog_certificates SET statement = jsonb_set(statement, '{learnerName}', to_jsonb($2::text)), holder_erased_at = $3
          WHERE learner_id = $1 AND holder_erased_at IS NULL`,
        [userId, ERASED, event.createdAt],
      );
    }
  }
}
