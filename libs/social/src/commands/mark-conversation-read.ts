import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext } from '#platform';
import { SocialErrors } from '../domain/social.errors.js';

/**
 * The caller has read a conversation of theirs: its unread count drops to zero. Like an inbox's
 * read markers, the participant's own state, kept in the read model. Anyone else: not found.
 */
export class MarkConversationRead extends Command<void> {
  constructor(
    readonly conversationId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(MarkConversationRead)
export class MarkConversationReadHandler implements ICommandHandler<MarkConversationRead> {
  constructor(
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ conversationId, context }: MarkConversationRead): Promise<void> {
    const reader = this.abilities.require(context.actor, 'message', 'Conversation');
    const rows: unknown[] = await this.dataSource.query(
      `WITH marked AS (UPDATE social_conversation_members SET unread_count = 0 WHERE conversation_id = $1 AND user_id = $2 RETURNING 1)
       SELECT * FROM marked`,
      [conversationId, reader.userId],
    );
    if (rows.length === 0) throw SocialErrors.conversationNotFound();
  }
}
