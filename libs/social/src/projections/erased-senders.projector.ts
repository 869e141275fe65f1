import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ERASED, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * When a person erases their account, the messages they sent read as erased in the conversations
 * (their events keep the bodies sealed with the key that was just deleted); the other party's
 * messages stay, they are that person's.
 */
@Injectable()
@InlineProjection()
export class ErasedSendersProjector implements InlineProjector {
  readonly eventTypes = ['identity.account-erased'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId } = event.data as { userId: string };
      await manager.query(`UPDATE social_messages SET body = $2 WHERE sender_id = $1`, [userId, ERASED]);
    }
  }
}
