import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig, type CommandContext, Decisions } from '#platform';
import { questionDecider } from '../domain/question.js';

/**
 * The worker's, when commerce says a question's order was paid: the question reaches the expert,
 * who has CONSULTING_ANSWER_HOURS from the payment to answer. A rerun records nothing more.
 */
export class RecordQuestionPayment extends Command<void> {
  constructor(
    readonly questionId: string,
    readonly orderId: string,
    /** When commerce recorded the payment (the answer window starts then, whenever this runs). */
    readonly paidAt: Date,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordQuestionPayment)
export class RecordQuestionPaymentHandler implements ICommandHandler<RecordQuestionPayment> {
  constructor(
    private readonly decisions: Decisions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ questionId, orderId, paidAt, context }: RecordQuestionPayment): Promise<void> {
    const answerDueAt = new Date(paidAt.getTime() + this.config.consulting.answerWindowMs).toISOString();
    await this.decisions.execute(questionDecider, {
      streamId: `question-${questionId}`,
      streamType: 'question',
      context,
      command: { type: 'RecordPayment', orderId, paidAt: paidAt.toISOString(), answerDueAt },
    });
  }
}
