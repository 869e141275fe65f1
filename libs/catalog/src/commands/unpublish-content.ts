import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, Clock, type CommandContext, Decisions } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { contentDecider } from '../domain/content.js';

export class UnpublishContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The owning creator takes a published item off the catalogue (lists, search, recommendations, sale); its buyers keep it. */
@CommandHandler(UnpublishContent)
export class UnpublishContentHandler implements ICommandHandler<UnpublishContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: UnpublishContent): Promise<void> {
    const ability = this.abilities.forActor(command.context.actor);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: { type: 'UnpublishContent', now: this.clock.now().toISOString() },
      authorize: (state) => {
        // Anyone but the owner is told it does not exist, as for every creator's command.
        if (state.status === 'none' || !ability.can('unpublish', asSubject('Content', { creatorId: state.creatorId }))) {
          throw CatalogErrors.contentNotFound();
        }
      },
    });
  }
}
