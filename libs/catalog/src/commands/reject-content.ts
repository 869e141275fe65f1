import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { contentDecider } from '../domain/content.js';
import { authorizeModeration, moderatorOf } from './moderation.js';

export class RejectContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A moderator sends content (or a revision) in review back to its creator with a reason; a live revision stays live. */
@CommandHandler(RejectContent)
export class RejectContentHandler implements ICommandHandler<RejectContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: RejectContent): Promise<void> {
    const moderator = moderatorOf(command.context);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'RejectContent', moderatorId: moderator.userId, reason: command.reason },
      authorize: authorizeModeration(this.abilities.forActor(moderator), moderator),
    });
  }
}
