import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, Clock, type CommandContext, Decisions } from '#platform';
import { contentDecider } from '../domain/content.js';
import { authorizeModeration, moderatorOf } from './moderation.js';

export class ApproveContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A moderator publishes content in review, or makes its revision in review the live one; the approval event carries the listing to other domains. */
@CommandHandler(ApproveContent)
export class ApproveContentHandler implements ICommandHandler<ApproveContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: ApproveContent): Promise<void> {
    const moderator = moderatorOf(command.context);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'ApproveContent', moderatorId: moderator.userId, now: this.clock.now().toISOString() },
      authorize: authorizeModeration(this.abilities.forActor(moderator), moderator),
    });
  }
}
