import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, Clock, type CommandContext, Decisions } from '#platform';
import { contentDecider } from '../domain/content.js';
import { authorizeModeration, moderatorOf } from './moderation.js';

export class HideContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A moderator takes a published (or unpublished) item off the catalogue with a reason; the event
 * carries who and why, so the audit trail has it. Its buyers keep it; its creator cannot undo it.
 */
@CommandHandler(HideContent)
export class HideContentHandler implements ICommandHandler<HideContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: HideContent): Promise<void> {
    const moderator = moderatorOf(command.context);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'HideContent', moderatorId: moderator.userId, reason: command.reason, now: this.clock.now().toISOString() },
      authorize: authorizeModeration(this.abilities.forActor(moderator), moderator),
    });
  }
}
