import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { ConsultingErrors } from './consulting.errors.js';

describe('consulting refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(ConsultingErrors.questionNotFound(), 'CONSULTING.QUESTION_NOT_FOUND', 'not_found', 'No such question.');
    expectRefusal(ConsultingErrors.questionExists(), 'CONSULTING.QUESTION_EXISTS', 'conflict', 'Another question was asked with this Idempotency-Key.');
    expectRefusal(ConsultingErrors.textInvalid('it is empty'), 'CONSULTING.TEXT_INVALID', 'invalid', 'The text cannot be used: it is empty.', { why: 'it is empty' });
    expectRefusal(ConsultingErrors.cannotAskYourself(), 'CONSULTING.CANNOT_ASK_YOURSELF', 'invalid', 'You cannot ask yourself a question.');
    expectRefusal(
      ConsultingErrors.notEntitled(),
      'CONSULTING.NOT_ENTITLED',
      'forbidden',
      'Only learners entitled to this item may ask about it.',
    );
    expectRefusal(ConsultingErrors.itemNotFound(), 'CONSULTING.ITEM_NOT_FOUND', 'not_found', 'No such published item among those you may read.');
    expectRefusal(ConsultingErrors.expertNotAvailable(), 'CONSULTING.EXPERT_NOT_AVAILABLE', 'not_found', 'This expert does not take paid questions.');
    expectRefusal(ConsultingErrors.notTheExpert(), 'CONSULTING.NOT_THE_EXPERT', 'forbidden', 'Only the expert this question was asked of may answer it.');
    expectRefusal(ConsultingErrors.notPaid(), 'CONSULTING.QUESTION_NOT_PAID', 'conflict', 'This question has not been paid for yet.');
    expectRefusal(ConsultingErrors.questionExpired(), 'CONSULTING.QUESTION_EXPIRED', 'conflict', 'This question was never paid for and has expired.');
    expectRefusal(
      ConsultingErrors.questionRefunded(),
      'CONSULTING.QUESTION_REFUNDED',
      'conflict',
      'This question was not answered in time and has been refunded; it can no longer be answered.',
    );
    expectRefusal(ConsultingErrors.alreadyAnswered(), 'CONSULTING.ALREADY_ANSWERED', 'conflict', 'This question has been answered already; edit the answer instead.');
    expectRefusal(ConsultingErrors.notAnswered(), 'CONSULTING.NOT_ANSWERED', 'conflict', 'This question has no answer to edit.');
    expectRefusal(ConsultingErrors.editWindowClosed('2026-11-28T12:15:00.000Z'), 'CONSULTING.EDIT_WINDOW_CLOSED', 'conflict', 'The answer could be edited until 2026-11-28T12:15:00.000Z.', {
      closedAt: '2026-11-28T12:15:00.000Z',
    });
    expectRefusal(ConsultingErrors.refundNotDue('2026-11-29T10:05:00.000Z'), 'CONSULTING.REFUND_NOT_DUE', 'conflict', 'The expert may answer until 2026-11-29T10:05:00.000Z.', {
      answerDueAt: '2026-11-29T10:05:00.000Z',
    });
    expectRefusal(ConsultingErrors.priceInvalid('why'), 'CONSULTING.PRICE_INVALID', 'invalid', 'The price cannot be used: why.', { why: 'why' });
  });
});
