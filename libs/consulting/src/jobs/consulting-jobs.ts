import type { RecordedEvent } from '#platform';
import type { OrderExpired, OrderPaid, PaymentFailed } from '#commerce';
import type { QuestionPaid } from '../domain/consulting-events.js';

/** Job names on QueueName.Consulting. */
export const ConsultingJob = {
  /** A relayed `commerce.order-paid`: a question it paid for reaches its expert. */
  RecordPayment: 'record-question-payment',
  /** A relayed `commerce.order-expired` or `commerce.payment-failed`: the question it was for expires. */
  ExpireUnpaid: 'expire-unpaid-question',
  /** A relayed `consulting.question-paid`, delayed to its answer deadline: refunded if still unanswered. */
  RefundUnanswered: 'refund-unanswered-question',
  /** Repeatable: what the delayed jobs missed. */
  SweepUnanswered: 'sweep-unanswered-questions',
} as const;

export const SWEEP_SCHEDULER_ID = 'consulting-sweep-unanswered';

/** The stored event, whole, as the relay enqueues it (JSON: dates as strings). */
type Relayed<Event extends OrderPaid | OrderExpired | PaymentFailed | QuestionPaid> = Pick<RecordedEvent<Event>, 'type' | 'data' | 'globalPosition'> & {
  readonly createdAt: string;
};

export type RecordPaymentJobData = Relayed<OrderPaid>;
export type ExpireUnpaidJobData = Relayed<OrderExpired | PaymentFailed>;
export type RefundUnansweredJobData = Relayed<QuestionPaid>;
/** The sweep's schedule enqueues nothing: the run looks at the clock. */
export type SweepJobData = Record<string, never>;
