import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ConversationEvent } from '../domain/social-events.js';

/**
 * Conversations, their messages, each participant's unread count, and blocks, in the message's
 * transaction: the recipient's list shows it the moment the sender's call returns.
 */
@Injectable()
@InlineProjection()
export class ConversationsProjector implements InlineProjector {
  readonly eventTypes = ['social.conversation-started', 'social.message-sent', 'social.user-blocked', 'social.user-unblocked'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ConversationEvent>[]) {
      switch (event.type) {
        case 'social.conversation-started': {
          const { conversationId, learnerId, creatorId } = event.data;
          await manager.query(
            `INSERT INTO social_conversations (id, learner_id, creator_id, started_at, last_message_at) VALUES ($1, $2, $3, $4, $4)`,
            [conversationId, learnerId, creatorId, event.createdAt],
          );
          await manager.query(
            `INSERT INTO social_conversation_members (conversation_id, user_id, other_id, last_message_at)
             VALUES ($1, $2, $3, $4), ($1, $3, $2, $4)`,
            [conversationId, learnerId, creatorId, event.createdAt],
          );
          break;
        }
        case 'social.message-sent': {
          const { conversationId, messageId, senderId, recipientId, body, sentAt } = event.data;
          const [conversation]: { message_count: number }[] = await manager.query(
            `WITH counted AS (UPDATE social_conversations SET message_count = message_count + 1, last_message_at = $2 WHERE id = $1 RETURNING message_count)
             SELECT message_count FROM counted`,
            [conversationId, sentAt],
          );
          await manager.query(
            `INSERT INTO social_messages (id, conversation_id, seq, sender_id, body, sent_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [messageId, conversationId, conversation!.message_count, senderId, body, sentAt],
          );
          await manager.query(
            `UPDATE social_conversation_members
                SET last_message_at = $3, unread_count = unread_count + CASE WHEN user_id = $2 THEN 1 ELSE 0 END
              WHERE conversation_id = $1`,
            [conversationId, recipientId, sentAt],
          );
          break;
        }
        case 'social.user-blocked':
          await manager.query(`INSERT INTO social_blocks (blocker_id, blocked_id, blocked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
            event.data.blockerId,
            event.data.blockedId,
            event.createdAt,
          ]);
          break;
        case 'social.user-unblocked':
          await manager.query(`DELETE FROM social_blocks WHERE blocker_id = $1 AND blocked_id = $2`, [event.data.blockerId, event.data.blockedId]);
          break;
      }
    }
  }
}
