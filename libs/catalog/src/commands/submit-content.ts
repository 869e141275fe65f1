import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { contentDecider } from '../domain/content.js';

export class SubmitContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The owning creator sends a draft (or a rejected content, or a revision of a published one) to review. */
@CommandHandler(SubmitContent)
export class SubmitContentHandler implements ICommandHandler<SubmitContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: SubmitContent): Promise<void> {
    const ability = this.abilities.forActor(command.context.actor);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'SubmitContent' },
      authorize: (state) => {
        // Anyone but the owner is told it does not exist: a draft's existence is private.
        if (state.status === 'none' || !ability.can('submit', asSubject('Content', { creatorId: state.creatorId }))) {
          throw CatalogErrors.contentNotFound();
        }
      },
    });
  }
}
