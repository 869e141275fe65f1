import { DomainError } from '#platform/domain';

export const ConsultingErrors = {
  questionNotFound: () => new DomainError('CONSULTING.QUESTION_NOT_FOUND', 'not_found', 'No such question.'),
  questionExists: () => new DomainError('CONSULTING.QUESTION_EXISTS', 'conflict', 'Another question was asked with this Idempotency-Key.'),
  textInvalid: (why: string) => new DomainError('CONSULTING.TEXT_INVALID', 'invalid', `The text cannot be used: ${why}.`, { why }),
  cannotAskYourself: () => new DomainError('CONSULTING.CANNOT_ASK_YOURSELF', 'invalid', 'You cannot ask yourself a question.'),
  notEntitled: () => new DomainError('CONSULTING.NOT_ENTITLED', 'forbidden', 'Only learners entitled to this item may ask about it.'),
  itemNotFound: () => new DomainError('CONSULTING.ITEM_NOT_FOUND', 'not_found', 'No such published item among those you may read.'),
  expertNotAvailable: () => new DomainError('CONSULTING.EXPERT_NOT_AVAILABLE', 'not_found', 'This expert does not take paid questions.'),
  notTheExpert: () => new DomainError('CONSULTING.NOT_THE_EXPERT', 'forbidden', 'Only the expert this question was asked of may answer it.'),
  notPaid: () => new DomainError('CONSULTING.QUESTION_NOT_PAID', 'conflict', 'This question has not been paid for yet.'),
  questionExpired: () => new DomainError('CONSULTING.QUESTION_EXPIRED', 'conflict', 'This question was never paid for and has expired.'),
  questionRefunded: () =>
    new DomainError('CONSULTING.QUESTION_REFUNDED', 'conflict', 'This question was not answered in time and has been refunded; it can no longer be answered.'),
  alreadyAnswered: () => new DomainError('CONSULTING.ALREADY_ANSWERED', 'conflict', 'This question has been answered already; edit the answer instead.'),
  notAnswered: () => new DomainError('CONSULTING.NOT_ANSWERED', 'conflict', 'This question has no answer to edit.'),
  editWindowClosed: (closedAt: string) =>
    new DomainError('CONSULTING.EDIT_WINDOW_CLOSED', 'conflict', `The answer could be edited until ${closedAt}.`, { closedAt }),
  refundNotDue: (answerDueAt: string) =>
    new DomainError('CONSULTING.REFUND_NOT_DUE', 'conflict', `The expert may answer until ${answerDueAt}.`, { answerDueAt }),
  priceInvalid: (why: string) => new DomainError('CONSULTING.PRICE_INVALID', 'invalid', `The price cannot be used: ${why}.`, { why }),
};
