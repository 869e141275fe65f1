import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, APP_CONFIG, type AppConfig, type CommandContext, Decisions } from '#platform';
import { questionDecider } from '../domain/question.js';

/** The expert corrects their answer, within CONSULTING_ANSWER_EDIT_MINUTES of giving it. */
export class EditAnswer extends Command<void> {
  constructor(
    readonly questionId: string,
    readonly text: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EditAnswer)
export class EditAnswerHandler implements ICommandHandler<EditAnswer> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ questionId, text, context }: EditAnswer): Promise<void> {
    const expert = this.abilities.require(context.actor, 'answer', 'Question');
    await this.decisions.execute(questionDecider, {
      streamId: `question-${questionId}`,
      streamType: 'question',
      context,
      command: { type: 'EditAnswer', expertId: expert.userId, text, now: new Date().toISOString(), editWindowMs: this.config.consulting.answerEditMinutes * 60_000 },
    });
  }
}
