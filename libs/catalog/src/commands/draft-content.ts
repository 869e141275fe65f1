import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import { contentDecider } from '../domain/content.js';

export interface LessonDraft {
  title: string;
  body: string;
  preview: boolean;
}

export class DraftContent extends Command<{ contentId: string }> {
  constructor(
    readonly kind: ContentKind,
    readonly title: string,
    readonly summary: string,
    readonly priceCents: number,
    readonly currency: string,
    readonly tags: string[],
    readonly lessons: LessonDraft[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A creator starts a new content as a draft owned by them. */
@CommandHandler(DraftContent)
export class DraftContentHandler implements ICommandHandler<DraftContent> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: DraftContent): Promise<{ contentId: string }> {
    const actor = command.context.actor;
    this.abilities.require(actor, 'create', asSubject('Content', { creatorId: actor?.userId }));
    const contentId = randomUUID();
    await this.decisions.execute(contentDecider, {
      streamId: `content-${contentId}`,
      streamType: 'content',
      context: command.context,
      command: {
        type: 'DraftContent',
        contentId,
        creatorId: actor!.userId,
        kind: command.kind,
        title: command.title,
        summary: command.summary,
        priceCents: command.priceCents,
        currency: command.currency,
        tags: command.tags,
        lessons: command.lessons.map((lesson) => ({ lessonId: randomUUID(), ...lesson })),
      },
    });
    return { contentId };
  }
}
