import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { questionDecider } from '../domain/question.js';

/**
 * The expert asked (or the item's creator) answers, once. Racing the refund of a paid question
 * at its deadline, exactly one of the two is appended: the other finds the question changed.
 */
export class AnswerQuestion extends Command<void> {
  constructor(
    readonly questionId: string,
    readonly text: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AnswerQuestion)
export class AnswerQuestionHandler implements ICommandHandler<AnswerQuestion> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ questionId, text, context }: AnswerQuestion): Promise<void> {
    const expert = this.abilities.require(context.actor, 'answer', 'Question');
    await this.decisions.execute(questionDecider, {
      streamId: `question-${questionId}`,
      streamType: 'question',
      context,
      command: { type: 'Answer', expertId: expert.userId, text, now: new Date().toISOString() },
    });
  }
}
