import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { conversationDecider, conversationStream } from '../domain/conversation.js';
import { conversationIdOf } from '../messaging/conversation-id.js';

/** The caller blocks another user (messages stop both ways) or lifts their block; either holds already, nothing changes. */
export class BlockUser extends Command<void> {
  constructor(
    readonly blockedId: string,
    readonly block: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(BlockUser)
export class BlockUserHandler implements ICommandHandler<BlockUser> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ blockedId, block, context }: BlockUser): Promise<void> {
    const blocker = this.abilities.require(context.actor, 'message', 'Conversation');
    const conversationId = conversationIdOf(blocker.userId, blockedId);
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(conversationDecider, {
        ...conversationStream(conversationId),
        context,
        command: { type: block ? 'Block' : 'Unblock', conversationId, blockerId: blocker.userId, blockedId },
      }),
    );
  }
}
