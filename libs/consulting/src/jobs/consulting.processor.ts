import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { HandlesJobs, QueueName, systemContext } from '#platform';
import { ExpireUnpaidQuestion } from '../commands/expire-unpaid-question.js';
import { RecordQuestionPayment } from '../commands/record-question-payment.js';
import { RefundUnansweredQuestion } from '../commands/refund-unanswered-question.js';
import { SweepUnansweredQuestions } from '../commands/sweep-unanswered-questions.js';
import { ConsultingJob, type ExpireUnpaidJobData, type RecordPaymentJobData, type RefundUnansweredJobData } from './consulting-jobs.js';

/**
 * Thin jobs: each runs a command that is a no-op when repeated (a payment recorded once, an
 * expired question stays expired, an unanswered question is refunded once). A refund job that
 * comes early (clocks apart) is refused by the decider and retried with backoff.
 */
@Processor(QueueName.Consulting)
@HandlesJobs({ queue: QueueName.Consulting, jobNames: Object.values(ConsultingJob) })
export class ConsultingProcessor extends WorkerHost {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const context = systemContext(`job-${job.id}`);
    switch (job.name) {
      case ConsultingJob.RecordPayment: {
        const { data, createdAt } = job.data as RecordPaymentJobData;
        const questions = data.items.filter((item) => item.kind === 'question');
        for (const question of questions) {
          await this.commands.execute(new RecordQuestionPayment(question.contentId, data.orderId, new Date(createdAt), context));
        }
        return { recorded: questions.length };
      }
      case ConsultingJob.ExpireUnpaid:
        return this.commands.execute(new ExpireUnpaidQuestion((job.data as ExpireUnpaidJobData).data.orderId, context));
      case ConsultingJob.RefundUnanswered:
        return this.commands.execute(new RefundUnansweredQuestion((job.data as RefundUnansweredJobData).data.questionId, context));
      case ConsultingJob.SweepUnanswered:
        return this.commands.execute(new SweepUnansweredQuestions(context));
      default:
        throw new Error(`No handler for job "${job.name}" on queue ${QueueName.Consulting}`);
    }
  }
}
