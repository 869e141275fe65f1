import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { conversationDecider, conversationStream } from './conversation.js';
import type { ConversationStarted, MessageSent, UserBlocked, UserUnblocked } from './social-events.js';

const spec = deciderSpec(conversationDecider);
const conversationId = 'conv-1';
const learner = 'u-learner';
const creator = 'u-creator';
const started: ConversationStarted = { type: 'social.conversation-started', data: { conversationId, learnerId: learner, creatorId: creator } };
const sent = (senderId: string, recipientId: string, messageId = 'm-1'): MessageSent => ({
  type: 'social.message-sent',
  data: { conversationId, messageId, senderId, recipientId, body: '你好', sentAt: '2026-11-28T10:00:00.000Z' },
});
const send = (senderId: string, recipientId: string, senderBoughtFromRecipient: boolean) => ({
  type: 'Send' as const,
  conversationId,
  messageId: 'm-1',
  senderId,
  recipientId,
  body: '你好',
  sentAt: '2026-11-28T10:00:00.000Z',
  senderBoughtFromRecipient,
});
const blocked = (blockerId: string, blockedId: string): UserBlocked => ({ type: 'social.user-blocked', data: { conversationId, blockerId, blockedId } });
const unblocked = (blockerId: string, blockedId: string): UserUnblocked => ({ type: 'social.user-unblocked', data: { conversationId, blockerId, blockedId } });
const block = (blockerId: string, blockedId: string) => ({ type: 'Block' as const, conversationId, blockerId, blockedId });
const unblock = (blockerId: string, blockedId: string) => ({ type: 'Unblock' as const, conversationId, blockerId, blockedId });

describe('direct messages (given/when/then)', () => {
  it('given nothing, when a buyer writes to the creator they bought from, then the conversation starts with the message', () =>
    spec.given([]).when(send(learner, creator, true)).then([started, sent(learner, creator)]));
  it('given nothing, when someone who bought nothing from the recipient writes, then refused', () =>
    spec.given([]).when(send(learner, creator, false)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given nothing, when the creator writes first to a non-buyer, then refused', () =>
    spec.given([]).when(send(creator, learner, false)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given a conversation, when the creator replies, then sent (both directions once it exists)', () =>
    spec.given([started, sent(learner, creator)]).when(send(creator, learner, false)).then([sent(creator, learner)]));
  it('given a conversation, when the learner writes again (even after a refund), then sent', () =>
    spec.given([started]).when(send(learner, creator, false)).then([sent(learner, creator)]));
  it('given nothing, when someone writes to themselves, then refused', () =>
    spec.given([]).when(send(learner, learner, true)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given the creator blocks the learner, when the learner writes, then refused as any non-message is', () =>
    spec.given([started, blocked(creator, learner)]).when(send(learner, creator, true)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given the learner blocks the creator, when the creator writes, then refused (a block stops both ways)', () =>
    spec.given([started, blocked(learner, creator)]).when(send(creator, learner, false)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given the learner blocks the creator, when the learner writes, then refused too', () =>
    spec.given([started, blocked(learner, creator)]).when(send(learner, creator, true)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given a block before any conversation, when the buyer writes, then refused', () =>
    spec.given([blocked(creator, learner)]).when(send(learner, creator, true)).thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));
  it('given a block lifted, when writing, then sent', () =>
    spec.given([started, blocked(creator, learner), unblocked(creator, learner)]).when(send(learner, creator, false)).then([sent(learner, creator)]));
  it('given blocks both ways and one lifted, when writing, then still refused', () =>
    spec
      .given([started, blocked(creator, learner), blocked(learner, creator), unblocked(creator, learner)])
      .when(send(creator, learner, false))
      .thenRefuses('SOCIAL.CANNOT_MESSAGE', 'forbidden'));

  it('given nothing, when blocking, then blocked', () => spec.given([]).when(block(creator, learner)).then([blocked(creator, learner)]));
  it('given blocked, when blocking again, then nothing (idempotent)', () => spec.given([blocked(creator, learner)]).when(block(creator, learner)).then([]));
  it('given the other side blocks, when blocking back, then blocked', () =>
    spec.given([blocked(learner, creator)]).when(block(creator, learner)).then([blocked(creator, learner)]));
  it('given nothing, when blocking oneself, then refused', () => spec.given([]).when(block(learner, learner)).thenRefuses('SOCIAL.CANNOT_BLOCK_SELF', 'invalid'));
  it('given nothing, when unblocking oneself, then refused', () =>
    spec.given([]).when(unblock(learner, learner)).thenRefuses('SOCIAL.CANNOT_BLOCK_SELF', 'invalid'));
  it('given blocked, when unblocking, then unblocked', () => spec.given([blocked(creator, learner)]).when(unblock(creator, learner)).then([unblocked(creator, learner)]));
  it('given nothing, when unblocking, then nothing (idempotent)', () => spec.given([]).when(unblock(creator, learner)).then([]));
  it("given the other side's block, when unblocking, then nothing: one lifts only one's own block", () =>
    spec.given([blocked(learner, creator)]).when(unblock(creator, learner)).then([]));

  it('folds who takes part and who blocks whom', () => {
    const state = [started, sent(learner, creator), blocked(creator, learner), blocked(learner, creator), unblocked(creator, learner)].reduce(
      conversationDecider.evolve,
      conversationDecider.initialState(),
    );
    expect(state).toEqual({ participants: { learnerId: learner, creatorId: creator }, blocks: [`${learner}>${creator}`] });
    expect(conversationStream('c')).toEqual({ streamId: 'conversation-c', streamType: 'conversation' });
  });
});
