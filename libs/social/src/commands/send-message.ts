import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { conversationDecider, conversationStream } from '../domain/conversation.js';
import { conversationIdOf } from '../messaging/conversation-id.js';
import { MessageRateLimit } from '../messaging/message-rate-limit.js';

export interface SentMessage {
  messageId: string;
  conversationId: string;
  sentAt: string;
}

/** The caller writes to another user: a creator they bought from, or anyone already in a conversation with them. */
export class SendMessage extends Command<SentMessage> {
  constructor(
    readonly recipientId: string,
    readonly body: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SendMessage)
export class SendMessageHandler implements ICommandHandler<SendMessage> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly rateLimit: MessageRateLimit,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ recipientId, body, context }: SendMessage): Promise<SentMessage> {
    const sender = this.abilities.require(context.actor, 'message', 'Conversation');
    await this.rateLimit.take(sender.userId);
    const conversationId = conversationIdOf(sender.userId, recipientId);
    const [{ bought }]: { bought: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM social_purchases WHERE buyer_id = $1 AND creator_id = $2) AS bought`,
      [sender.userId, recipientId],
    );
    const messageId = randomUUID();
    const sentAt = new Date().toISOString();
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(conversationDecider, {
        ...conversationStream(conversationId),
        context,
        command: { type: 'Send', conversationId, messageId, senderId: sender.userId, recipientId, body, sentAt, senderBoughtFromRecipient: bought },
      }),
    );
    return { messageId, conversationId, sentAt };
  }
}
