// Public surface of the consulting domain: Q&A on items and paid questions to experts (付费问答).
export { ConsultingModule } from './consulting.module.js';
export { ConsultingHttpModule } from './consulting-http.module.js';
export { ConsultingWorkerModule } from './consulting-worker.module.js';
export { consultingEventTypes } from './domain/consulting-events.js';
export type {
  QuestionEvent,
  QuestionAsked,
  QuestionPaid,
  QuestionAnswered,
  AnswerEdited,
  QuestionRefunded,
  QuestionExpired,
  ExpertPriceSet,
} from './domain/consulting-events.js';
export { RefundUnansweredQuestion, type RefundOutcome } from './commands/refund-unanswered-question.js';
export { SweepUnansweredQuestions } from './commands/sweep-unanswered-questions.js';
export { ConsultingJob, type RecordPaymentJobData, type ExpireUnpaidJobData, type RefundUnansweredJobData } from './jobs/consulting-jobs.js';
export { Consulting1764750000000 } from './migrations/1764750000000-consulting.js';
export { ConsultingErasedAskers1764800200000 } from './migrations/1764800200000-consulting-erased-askers.js';
