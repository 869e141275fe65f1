import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ERASED, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * When a learner erases their account, the questions they typed read as erased (their events keep
 * the text sealed with the key that was just deleted); the experts' answers stay, they are the
 * experts' work.
 */
@Injectable()
@InlineProjection()
export class ErasedAskersProjector implements InlineProjector {
  readonly eventTypes = ['identity.account-erased'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId } = event.data as { userId: string };
      await manager.query(`UPDATE consulting_questions SET text = $2 WHERE asker_id = $1`, [userId, ERASED]);
    }
  }
}
