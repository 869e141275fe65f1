import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { HasAccess } from '#commerce';
import { ConsultingErrors } from '../domain/consulting.errors.js';
import { questionDecider } from '../domain/question.js';

/** A learner entitled to an item asks its creator a question about it (free Q&A). */
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
        entitled: await this.queries.execute(new HasAccess(asker.userId, contentId)),
      },
    });
    return { questionId };
  }
}
