import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AbilityFactory, asSubject, Clock, type CommandContext, Decisions } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import { contentDecider } from '../domain/content.js';
import { flattenStructure, newLessons, type StructureInput } from './content-input.js';

export class DraftContent extends Command<{ contentId: string }> {
  constructor(
    readonly kind: ContentKind,
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

/** A creator starts a new content as a draft owned by them; its kind decides the shape it must have. */
@CommandHandler(DraftContent)
export class DraftContentHandler implements ICommandHandler<DraftContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly clock: Clock,
  ) {}

  async execute(command: DraftContent): Promise<{ contentId: string }> {
    const actor = command.context.actor;
    this.abilities.require(actor, 'create', asSubject('Content', { creatorId: actor?.userId }));
    const contentId = randomUUID();
    const { lessons, ...structure } = flattenStructure(command.structure);
    await this.decisions.execute(contentDecider, {
      streamId: `content-${contentId}`,
      streamType: 'content',
      context: command.context,
      command: {
        type: 'DraftContent',
        now: this.clock.now().toISOString(),
        contentId,
        creatorId: actor!.userId,
        kind: command.kind,
        title: command.title,
        summary: command.summary,
        priceCents: command.priceCents,
        currency: command.currency,
        tags: command.tags,
        lessons: newLessons(lessons),
        ...structure,
      },
    });
    return { contentId };
  }
}
