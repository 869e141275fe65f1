import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, Clock, type CommandContext, Decisions } from '#platform';
import { contentDecider } from '../domain/content.js';
import { authorizeModeration, moderatorOf } from './moderation.js';

export class UnhideContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A moderator or admin restores an item hidden by moderation, with a reason (in the event, so in the
 * audit trail): it goes back where it stood before the hiding, on the catalogue or, if its creator
 * had unpublished it, still off it. Never their own item (four eyes, as for every moderation).
 */
@CommandHandler(UnhideContent)
export class UnhideContentHandler implements ICommandHandler<UnhideContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: UnhideContent): Promise<void> {
    const moderator = moderatorOf(command.context);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'UnhideContent', moderatorId: moderator.userId, reason: command.reason, now: this.clock.now().toISOString() },
      authorize: authorizeModeration(this.abilities.forActor(moderator), moderator),
    });
  }
}
