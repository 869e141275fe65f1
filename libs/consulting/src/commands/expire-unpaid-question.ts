import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { questionDecider } from '../domain/question.js';

/** The worker's, when an order ended unpaid (expired or failed): the question it was for expires with it. */
export class ExpireUnpaidQuestion extends Command<{ expired: boolean }> {
  constructor(
    readonly orderId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExpireUnpaidQuestion)
export class ExpireUnpaidQuestionHandler implements ICommandHandler<ExpireUnpaidQuestion> {
  constructor(
    private readonly decisions: Decisions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ orderId, context }: ExpireUnpaidQuestion): Promise<{ expired: boolean }> {
    const [question]: { question_id: string }[] = await this.dataSource.query(`SELECT question_id FROM consulting_questions WHERE order_id = $1`, [orderId]);
    if (!question) return { expired: false }; // an order for contents, not a question
    const { events } = await this.decisions.execute(questionDecider, {
      streamId: `question-${question.question_id}`,
      streamType: 'question',
      context,
      command: { type: 'ExpireUnpaid', orderId, now: new Date().toISOString() },
    });
    return { expired: events.length > 0 };
  }
}
