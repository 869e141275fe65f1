import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions } from '#platform';
import { RefundUndeliveredOrder } from '#commerce';
import { questionDecider } from '../domain/question.js';

export interface RefundOutcome {
  /** The question is closed as unanswered (now or before), its money on the way back. */
  refunded: boolean;
  /** Commerce's refund of the question's order, when there is one. */
  refundId: string | null;
}

/**
 * The worker's, at a paid question's answer deadline (a delayed job) or when the sweep finds it
 * past it: an unanswered question is closed and its order refunded through commerce. Idempotent
 * however often and however concurrently it runs: the question is closed by one append (an answer
 * racing it, or another run, makes the others reload and find nothing to do), and commerce makes
 * one refund per order. A run after the answer does nothing.
 */
export class RefundUnansweredQuestion extends Command<RefundOutcome> {
  constructor(
    readonly questionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RefundUnansweredQuestion)
export class RefundUnansweredQuestionHandler implements ICommandHandler<RefundUnansweredQuestion> {
  constructor(
    private readonly decisions: Decisions,
    private readonly commands: CommandBus,
  ) {}

  async execute({ questionId, context }: RefundUnansweredQuestion): Promise<RefundOutcome> {
    const { state } = await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(questionDecider, {
        streamId: `question-${questionId}`,
        streamType: 'question',
        context,
        command: { type: 'RefundUnanswered', now: new Date().toISOString() },
      }),
    );
    if (state.status !== 'refunded' || state.orderId === null) return { refunded: false, refundId: null };
    // Also when the question was closed by an earlier run that stopped before this: commerce refunds an order once.
    const orderId = state.orderId;
    const { refundId } = await this.decisions.redecideOnConflict(() =>
      this.commands.execute(new RefundUndeliveredOrder(orderId, 'paid question not answered in time', context)),
    );
    return { refunded: true, refundId };
  }
}
