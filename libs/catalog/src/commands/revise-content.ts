import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AbilityFactory, asSubject, Clock, type CommandContext, Decisions } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { contentDecider } from '../domain/content.js';
import { flattenStructure, type StructureInput } from './content-input.js';

export class ReviseContent extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly title: string,
    readonly summary: string,
    readonly priceCents: number,
    readonly currency: string,
    readonly tags: string[],
    readonly structure: StructureInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The owning creator edits a published content (or adds a column's next instalment, a live
 * session's replay): a revision that goes to review while the approved one stays live.
 */
@CommandHandler(ReviseContent)
export class ReviseContentHandler implements ICommandHandler<ReviseContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: ReviseContent): Promise<void> {
    const ability = this.abilities.forActor(command.context.actor);
    const { lessons, ...structure } = flattenStructure(command.structure);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${command.contentId}`,
      streamType: 'content',
      context: command.context,
      command: {
        type: 'ReviseContent',
        now: this.clock.now().toISOString(),
        title: command.title,
        summary: command.summary,
        priceCents: command.priceCents,
        currency: command.currency,
        tags: command.tags,
        lessons,
        newLessonIds: lessons.filter((lesson) => lesson.lessonId === undefined).map(() => randomUUID()),
        ...structure,
      },
      authorize: (state) => {
        // Another creator's content is not disclosed, published or not.
        if (state.status === 'none' || !ability.can('revise', asSubject('Content', { creatorId: state.creatorId }))) {
          throw CatalogErrors.contentNotFound();
        }
      },
    });
  }
}
