import { Injectable } from '@nestjs/common';
import { QueueName, type RecordedEvent, type RelayRoute, RelaysEvents } from '#platform';
import type { QuestionPaid } from '../domain/consulting-events.js';
import { ConsultingJob } from './consulting-jobs.js';

/** Payments and ends of orders (some pay for questions), and each paid question again at its answer deadline. */
@Injectable()
@RelaysEvents()
export class ConsultingRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = [
    { eventType: 'commerce.order-paid', queue: QueueName.Consulting, jobName: ConsultingJob.RecordPayment },
    { eventType: 'commerce.order-expired', queue: QueueName.Consulting, jobName: ConsultingJob.ExpireUnpaid },
    { eventType: 'commerce.payment-failed', queue: QueueName.Consulting, jobName: ConsultingJob.ExpireUnpaid },
    {
      eventType: 'consulting.question-paid',
      queue: QueueName.Consulting,
      jobName: ConsultingJob.RefundUnanswered,
      runAt: (event: RecordedEvent) => new Date((event as RecordedEvent<QuestionPaid>).data.answerDueAt),
    },
  ];
}
