import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, Clock, type CommandContext, Decisions } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { contentDecider } from '../domain/content.js';

export class RepublishContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The owning creator puts an item they unpublished back on the catalogue (not one a moderator hid). */
@CommandHandler(RepublishContent)
export class RepublishContentHandler implements ICommandHandler<RepublishContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: RepublishContent): Promise<void> {
    const ability = this.abilities.forActor(command.context.actor);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'RepublishContent', now: this.clock.now().toISOString() },
      authorize: (state) => {
        // Anyone but the owner is told it does not exist, as for every creator's command.
        if (state.status === 'none' || !ability.can('unpublish', asSubject('Content', { creatorId: state.creatorId }))) {
          throw CatalogErrors.contentNotFound();
        }
      },
    });
  }
}
