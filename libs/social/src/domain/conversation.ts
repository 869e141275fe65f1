import type { Decider } from '#platform/domain';
import type { ConversationEvent } from './social-events.js';
import { SocialErrors } from './social.errors.js';

export interface ConversationState {
  /** The buyer who wrote first and the creator they bought from; null until a first message. */
  participants: { learnerId: string; creatorId: string } | null;
  /** Who blocks whom, as `blocker>blocked`. */
  blocks: readonly string[];
}

export type ConversationCommand =
  | {
      type: 'Send';
      conversationId: string;
      messageId: string;
      senderId: string;
      recipientId: string;
      body: string;
      sentAt: string;
      /** Whether the sender bought from the recipient (a paid order of one of the recipient's items, not refunded): what opens a conversation. */
      senderBoughtFromRecipient: boolean;
    }
  | { type: 'Block' | 'Unblock'; conversationId: string; blockerId: string; blockedId: string };

export const conversationStream = (conversationId: string) => ({ streamId: `conversation-${conversationId}`, streamType: 'conversation' });

const blockKey = (blockerId: string, blockedId: string) => `${blockerId}>${blockedId}`;

/**
 * Direct messages (私信): a buyer may open a conversation with a creator they bought from; once it
 * exists both write in it. A block by either side stops messages both ways, and the sender is told
 * only what a non-buyer is told: they cannot message this user.
 */
export const conversationDecider: Decider<ConversationState, ConversationCommand, ConversationEvent> = {
  initialState: () => ({ participants: null, blocks: [] }),
  evolve(state, event) {
    switch (event.type) {
      case 'social.conversation-started':
        return { ...state, participants: { learnerId: event.data.learnerId, creatorId: event.data.creatorId } };
      case 'social.user-blocked':
        return { ...state, blocks: [...state.blocks, blockKey(event.data.blockerId, event.data.blockedId)] };
      case 'social.user-unblocked': {
        const key = blockKey(event.data.blockerId, event.data.blockedId);
        return { ...state, blocks: state.blocks.filter((block) => block !== key) };
      }
      case 'social.message-sent':
        return state;
    }
  },
  decide(command, state) {
    const { conversationId } = command;
    if (command.type === 'Send') {
      const { messageId, senderId, recipientId, body, sentAt } = command;
      if (senderId === recipientId || state.blocks.length > 0) throw SocialErrors.cannotMessage();
      const sent: ConversationEvent = { type: 'social.message-sent', data: { conversationId, messageId, senderId, recipientId, body, sentAt } };
      if (state.participants) return [sent];
      if (!command.senderBoughtFromRecipient) throw SocialErrors.cannotMessage();
      return [{ type: 'social.conversation-started', data: { conversationId, learnerId: senderId, creatorId: recipientId } }, sent];
    }
    const { blockerId, blockedId } = command;
    if (blockerId === blockedId) throw SocialErrors.cannotBlockSelf();
    const blocked = state.blocks.includes(blockKey(blockerId, blockedId));
    if (command.type === 'Block') return blocked ? [] : [{ type: 'social.user-blocked', data: { conversationId, blockerId, blockedId } }];
    return blocked ? [{ type: 'social.user-unblocked', data: { conversationId, blockerId, blockedId } }] : [];
  },
};
