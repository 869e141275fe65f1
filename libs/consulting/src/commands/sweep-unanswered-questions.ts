import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext } from '#platform';
import { RefundUnansweredQuestion } from './refund-unanswered-question.js';

/** Questions one sweep takes at most; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

/**
 * The worker's, every CONSULTING_SWEEP_EVERY_MS: what the delayed jobs missed (Redis lost a job,
 * the worker was down at the deadline, a run stopped halfway) — paid questions past their deadline
 * still open, and questions closed as unanswered whose refund commerce has not approved yet — goes
 * through the same idempotent refund.
 */
export class SweepUnansweredQuestions extends Command<{ swept: number; failed: number }> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(SweepUnansweredQuestions)
export class SweepUnansweredQuestionsHandler implements ICommandHandler<SweepUnansweredQuestions> {
  private readonly logger = new Logger('ConsultingSweep');

  constructor(
    private readonly commands: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ context }: SweepUnansweredQuestions): Promise<{ swept: number; failed: number }> {
    const due: { question_id: string }[] = await this.dataSource.query(
      `(SELECT question_id, answer_due_at AS since FROM consulting_questions WHERE status = 'open' AND answer_due_at <= now())
       UNION ALL
       (SELECT question_id, closed_at AS since FROM consulting_questions WHERE status = 'refunded' AND refund_id IS NULL)
       ORDER BY since LIMIT $1`,
      [SWEEP_BATCH],
    );
    let failed = 0;
    for (const { question_id: questionId } of due) {
      try {
        await this.commands.execute(new RefundUnansweredQuestion(questionId, context));
      } catch (error) {
        failed++; // the next sweep tries it again; one bad question does not hold up the others
        this.logger.warn(`refund of unanswered question ${questionId} failed: ${(error as Error).message}`);
      }
    }
    return { swept: due.length, failed };
  }
}
