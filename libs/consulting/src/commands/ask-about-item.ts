import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type Actor, type CommandContext, Decisions, DomainError } from '#platform';
import { GetContentDetail } from '#catalog';
import { HasAccess } from '#commerce';
import { ConsultingErrors } from '../domain/consulting.errors.js';
import { questionDecider } from '../domain/question.js';

/**
 * A learner entitled to an item asks its creator a question about it (free Q&A). An item taken off
 * the catalogue (unpublished, hidden) still takes questions from its holders; to anyone else it
 * does not exist (404, as catalog answers them), where a listed one says they are not entitled.
 */
export class AskAboutItem extends Command<{ questionId: string }> {
  constructor(
    readonly contentId: string,
    readonly text: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AskAboutItem)
export class AskAboutItemHandler implements ICommandHandler<AskAboutItem> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ contentId, text, context }: AskAboutItem): Promise<{ questionId: string }> {
    const asker = this.abilities.require(context.actor, 'ask', 'Question');
    const [item]: { creator_id: string }[] = await this.dataSource.query(`SELECT creator_id FROM consulting_items WHERE content_id = $1`, [contentId]);
    if (!item) throw ConsultingErrors.itemNotFound();
    const entitled: boolean = await this.queries.execute(new HasAccess(asker.userId, contentId));
    if (!entitled && !(await this.visibleTo(contentId, asker))) throw ConsultingErrors.itemNotFound();
    const questionId = randomUUID();
    await this.decisions.execute(questionDecider, {
      streamId: `question-${questionId}`,
      streamType: 'question',
      context,
      command: {
        type: 'AskAboutItem',
        questionId,
        askerId: asker.userId,
        creatorId: item.creator_id,
        contentId,
        text,
        now: new Date().toISOString(),
        entitled,
      },
    });
    return { questionId };
  }

  /** Whether catalog shows the item to the caller at all (an item off the catalogue only to its holders, creator and staff). */
  private async visibleTo(contentId: string, asker: Actor): Promise<boolean> {
    try {
      await this.queries.execute(new GetContentDetail(contentId, this.abilities.forActor(asker), asker.userId));
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return false;
      throw error;
    }
  }
}
