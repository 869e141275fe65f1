import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { QuestionEvent } from './consulting-events.js';
import { type QuestionCommand, questionDecider } from './question.js';
import { foldEvents } from '#platform/domain';

const { given } = deciderSpec(questionDecider);
const ASKED_AT = '2026-11-28T10:00:00.000Z';
const PAID_AT = '2026-11-28T10:05:00.000Z';
const DUE_AT = '2026-11-29T10:05:00.000Z';
const price = { amountCents: 5000, currency: 'CNY' };

const askExpert = (overrides: Partial<Extract<QuestionCommand, { type: 'AskExpert' }>> = {}): QuestionCommand => ({
  type: 'AskExpert',
  questionId: 'q1',
  askerId: 'learner',
  expertId: 'expert',
  text: '怎样学好线性代数?',
  now: ASKED_AT,
  price,
  ...overrides,
});
const askAboutItem = (overrides: Partial<Extract<QuestionCommand, { type: 'AskAboutItem' }>> = {}): QuestionCommand => ({
  type: 'AskAboutItem',
  questionId: 'q1',
  askerId: 'learner',
  creatorId: 'creator',
  contentId: 'c1',
  text: 'Lesson 2: why the chain rule?',
  now: ASKED_AT,
  entitled: true,
  ...overrides,
});
const askedPaid: QuestionEvent = {
  type: 'consulting.question-asked',
  data: { questionId: 'q1', askerId: 'learner', expertId: 'expert', contentId: null, text: '怎样学好线性代数?', price, askedAt: ASKED_AT },
};
const askedFree: QuestionEvent = {
  type: 'consulting.question-asked',
  data: { questionId: 'q1', askerId: 'learner', expertId: 'creator', contentId: 'c1', text: 'Lesson 2: why the chain rule?', price: null, askedAt: ASKED_AT },
};
const recordPayment: QuestionCommand = { type: 'RecordPayment', orderId: 'o1', paidAt: PAID_AT, answerDueAt: DUE_AT };
const paid: QuestionEvent = { type: 'consulting.question-paid', data: { questionId: 'q1', orderId: 'o1', paidAt: PAID_AT, answerDueAt: DUE_AT } };
const answer = (overrides: Partial<Extract<QuestionCommand, { type: 'Answer' }>> = {}): QuestionCommand => ({
  type: 'Answer',
  expertId: 'expert',
  text: 'Start with Strang.',
  now: '2026-11-28T12:00:00.000Z',
  ...overrides,
});
const answered: QuestionEvent = {
  type: 'consulting.question-answered',
  data: { questionId: 'q1', expertId: 'expert', text: 'Start with Strang.', answeredAt: '2026-11-28T12:00:00.000Z' },
};
const edit = (overrides: Partial<Extract<QuestionCommand, { type: 'EditAnswer' }>> = {}): QuestionCommand => ({
  type: 'EditAnswer',
  expertId: 'expert',
  text: 'Start with Strang, then Axler.',
  now: '2026-11-28T12:10:00.000Z',
  editWindowMs: 15 * 60_000,
  ...overrides,
});
const refundedAt = '2026-11-29T10:05:00.000Z';
const refunded: QuestionEvent = {
  type: 'consulting.question-refunded',
  data: { questionId: 'q1', orderId: 'o1', askerId: 'learner', expertId: 'expert', refundedAt },
};
const expire: QuestionCommand = { type: 'ExpireUnpaid', orderId: 'o1', now: '2026-11-28T10:35:00.000Z' };
const expired: QuestionEvent = { type: 'consulting.question-expired', data: { questionId: 'q1', orderId: 'o1', expiredAt: '2026-11-28T10:35:00.000Z' } };

describe('question decider: asking', () => {
  it('records a paid question to an expert at their price, awaiting payment', () => {
    given([]).when(askExpert()).then([askedPaid]);
    expect(foldEvents(questionDecider, [askedPaid])).toMatchObject({ status: 'awaiting_payment', orderId: null, answerDueAt: null });
  });
  it('records a free question about an item to its creator, open at once', () => {
    given([]).when(askAboutItem()).then([askedFree]);
    expect(foldEvents(questionDecider, [askedFree])).toMatchObject({ status: 'open', expertId: 'creator', contentId: 'c1' });
  });
  it('is a no-op when the same question is asked again (a retry under the same key)', () => {
    given([askedPaid]).when(askExpert()).then([]);
    given([askedFree]).when(askAboutItem()).then([]);
  });
  it('refuses another question under the id of an existing one', () => {
    given([askedPaid]).when(askExpert({ text: 'other' })).thenRefuses('CONSULTING.QUESTION_EXISTS', 'conflict');
    given([askedPaid]).when(askExpert({ askerId: 'other' })).thenRefuses('CONSULTING.QUESTION_EXISTS');
    given([askedPaid]).when(askExpert({ expertId: 'other' })).thenRefuses('CONSULTING.QUESTION_EXISTS');
    given([askedPaid]).when(askAboutItem({ creatorId: 'expert', text: '怎样学好线性代数?' })).thenRefuses('CONSULTING.QUESTION_EXISTS');
    given([askedFree]).when(askAboutItem({ contentId: 'c2' })).thenRefuses('CONSULTING.QUESTION_EXISTS');
  });
  it('refuses a question to oneself', () => {
    given([]).when(askExpert({ askerId: 'expert' })).thenRefuses('CONSULTING.CANNOT_ASK_YOURSELF', 'invalid');
    given([]).when(askAboutItem({ askerId: 'creator' })).thenRefuses('CONSULTING.CANNOT_ASK_YOURSELF', 'invalid');
  });
  it('refuses a question about an item the asker may not read', () =>
    given([]).when(askAboutItem({ entitled: false })).thenRefuses('CONSULTING.NOT_ENTITLED', 'forbidden'));
  it('refuses a paid question to an expert who takes none', () =>
    given([]).when(askExpert({ price: null })).thenRefuses('CONSULTING.EXPERT_NOT_AVAILABLE', 'not_found'));
  it('refuses an empty, too long or control-character text', () => {
    expect(given([]).when(askExpert({ text: ' \n ' })).thenRefuses('CONSULTING.TEXT_INVALID', 'invalid').details).toEqual({ why: 'it is empty' });
    given([]).when(askAboutItem({ text: 'a\u0000b' })).thenRefuses('CONSULTING.TEXT_INVALID', 'invalid');
  });
});

describe('question decider: payment', () => {
  it('opens a paid question to the expert when its order is paid, with the answer deadline', () => {
    given([askedPaid]).when(recordPayment).then([paid]);
    expect(foldEvents(questionDecider, [askedPaid, paid])).toMatchObject({ status: 'open', orderId: 'o1', answerDueAt: DUE_AT });
  });
  it('records a payment once, and none for a free question', () => {
    given([askedPaid, paid]).when(recordPayment).then([]);
    given([askedFree]).when(recordPayment).then([]);
    given([askedPaid, expired]).when(recordPayment).then([]);
  });
  it('refuses a payment for a question that does not exist', () => given([]).when(recordPayment).thenRefuses('CONSULTING.QUESTION_NOT_FOUND', 'not_found'));
  it('expires a question whose order ended unpaid; a paid one stays', () => {
    given([askedPaid]).when(expire).then([expired]);
    expect(foldEvents(questionDecider, [askedPaid, expired])).toMatchObject({ status: 'expired', orderId: 'o1' });
    given([askedPaid, expired]).when(expire).then([]);
    given([askedPaid, paid]).when(expire).then([]);
    given([askedFree]).when(expire).then([]);
  });
  it('refuses to expire a question that does not exist', () => given([]).when(expire).thenRefuses('CONSULTING.QUESTION_NOT_FOUND', 'not_found'));
});

describe('question decider: answering', () => {
  it('lets the expert answer an open question, paid or free', () => {
    given([askedPaid, paid]).when(answer()).then([answered]);
    given([askedFree])
      .when(answer({ expertId: 'creator' }))
      .then([{ ...answered, data: { ...answered.data, expertId: 'creator' } }]);
    expect(foldEvents(questionDecider, [askedPaid, paid, answered])).toMatchObject({ status: 'answered', answeredAt: '2026-11-28T12:00:00.000Z' });
  });
  it('refuses an answer to a question that does not exist', () => given([]).when(answer()).thenRefuses('CONSULTING.QUESTION_NOT_FOUND', 'not_found'));
  it('refuses an answer by anyone but the expert asked', () =>
    given([askedPaid, paid]).when(answer({ expertId: 'another-expert' })).thenRefuses('CONSULTING.NOT_THE_EXPERT', 'forbidden'));
  it('refuses an answer before the question is paid', () => given([askedPaid]).when(answer()).thenRefuses('CONSULTING.QUESTION_NOT_PAID', 'conflict'));
  it('refuses an answer to a question that expired unpaid', () =>
    given([askedPaid, expired]).when(answer()).thenRefuses('CONSULTING.QUESTION_EXPIRED', 'conflict'));
  it('refuses an answer after the refund (the refund won the race)', () =>
    given([askedPaid, paid, refunded]).when(answer()).thenRefuses('CONSULTING.QUESTION_REFUNDED', 'conflict'));
  it('refuses a second answer', () => given([askedPaid, paid, answered]).when(answer()).thenRefuses('CONSULTING.ALREADY_ANSWERED', 'conflict'));
  it('refuses an answer with an unusable text', () =>
    given([askedPaid, paid]).when(answer({ text: '' })).thenRefuses('CONSULTING.TEXT_INVALID', 'invalid'));
});

describe('question decider: editing the answer', () => {
  const edited: QuestionEvent = {
    type: 'consulting.answer-edited',
    data: { questionId: 'q1', expertId: 'expert', text: 'Start with Strang, then Axler.', editedAt: '2026-11-28T12:10:00.000Z' },
  };
  it('lets the expert edit within the window, up to its last instant', () => {
    given([askedPaid, paid, answered]).when(edit()).then([edited]);
    given([askedPaid, paid, answered])
      .when(edit({ now: '2026-11-28T12:15:00.000Z' }))
      .then([{ ...edited, data: { ...edited.data, editedAt: '2026-11-28T12:15:00.000Z' } }]);
    expect(foldEvents(questionDecider, [askedPaid, paid, answered, edited])).toMatchObject({ status: 'answered' });
  });
  it('refuses an edit after the window', () => {
    const error = given([askedPaid, paid, answered]).when(edit({ now: '2026-11-28T12:15:00.001Z' })).thenRefuses('CONSULTING.EDIT_WINDOW_CLOSED', 'conflict');
    expect(error.details).toEqual({ closedAt: '2026-11-28T12:15:00.000Z' });
  });
  it('refuses an edit of a question that does not exist', () => given([]).when(edit()).thenRefuses('CONSULTING.QUESTION_NOT_FOUND', 'not_found'));
  it('refuses an edit by anyone but the expert', () =>
    given([askedPaid, paid, answered]).when(edit({ expertId: 'learner' })).thenRefuses('CONSULTING.NOT_THE_EXPERT', 'forbidden'));
  it('refuses an edit when there is no answer', () => {
    given([askedPaid, paid]).when(edit()).thenRefuses('CONSULTING.NOT_ANSWERED', 'conflict');
    given([askedPaid, paid, refunded]).when(edit()).thenRefuses('CONSULTING.NOT_ANSWERED');
  });
  it('refuses an edit with an unusable text', () =>
    given([askedPaid, paid, answered]).when(edit({ text: 'x'.repeat(4001) })).thenRefuses('CONSULTING.TEXT_INVALID', 'invalid'));
});

describe('question decider: refund when unanswered in time', () => {
  const refund = (now = refundedAt): QuestionCommand => ({ type: 'RefundUnanswered', now });
  it('refunds a paid question not answered by its deadline, from the deadline on', () => {
    given([askedPaid, paid]).when(refund()).then([refunded]);
    expect(foldEvents(questionDecider, [askedPaid, paid, refunded])).toMatchObject({ status: 'refunded' });
  });
  it('refuses to refund before the deadline (a job that came early is retried)', () => {
    const error = given([askedPaid, paid]).when(refund('2026-11-29T10:04:59.999Z')).thenRefuses('CONSULTING.REFUND_NOT_DUE', 'conflict');
    expect(error.details).toEqual({ answerDueAt: DUE_AT });
  });
  it('does nothing once answered (the answer won the race), once refunded, unpaid, expired, or free', () => {
    given([askedPaid, paid, answered]).when(refund()).then([]);
    given([askedPaid, paid, refunded]).when(refund()).then([]);
    given([askedPaid]).when(refund()).then([]);
    given([askedPaid, expired]).when(refund()).then([]);
    given([askedFree]).when(refund()).then([]);
  });
  it('refuses to refund a question that does not exist', () => given([]).when(refund()).thenRefuses('CONSULTING.QUESTION_NOT_FOUND', 'not_found'));
});

describe('question decider: events of an unknown stream change nothing', () => {
  it('ignores later events without the question', () => {
    for (const event of [paid, answered, refunded, expired]) expect(questionDecider.evolve({ status: 'none' }, event)).toEqual({ status: 'none' });
  });
});
