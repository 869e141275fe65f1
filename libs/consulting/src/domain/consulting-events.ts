import type { DomainEvent } from '#platform/domain';

/** What a paid question costs, fixed when it is asked. */
export interface Price {
  amountCents: number;
  currency: string;
}

/**
 * A learner asked: about an item, of its creator (free; `contentId` set, `price` null), or an
 * expert directly (paid; `contentId` null, `price` the expert's price then). A paid question waits
 * for its payment before it reaches the expert.
 */
export type QuestionAsked = DomainEvent<
  'consulting.question-asked',
  { questionId: string; askerId: string; expertId: string; contentId: string | null; text: string; price: Price | null; askedAt: string }
>;

/** The question's order was paid: it is in the expert's inbox until it is answered or `answerDueAt` passes. */
export type QuestionPaid = DomainEvent<'consulting.question-paid', { questionId: string; orderId: string; paidAt: string; answerDueAt: string }>;

export type QuestionAnswered = DomainEvent<'consulting.question-answered', { questionId: string; expertId: string; text: string; answeredAt: string }>;

/** The expert corrected the answer within the edit window. */
export type AnswerEdited = DomainEvent<'consulting.answer-edited', { questionId: string; expertId: string; text: string; editedAt: string }>;

/**
 * A paid question nobody answered in time: it is closed and the asker's money is owed back
 * (commerce pays it back through the order's refund; an answer is refused from now on).
 */
export type QuestionRefunded = DomainEvent<
  'consulting.question-refunded',
  { questionId: string; orderId: string; askerId: string; expertId: string; refundedAt: string }
>;

/** The question's order ended unpaid: the question never reaches the expert. */
export type QuestionExpired = DomainEvent<'consulting.question-expired', { questionId: string; orderId: string; expiredAt: string }>;

export type QuestionEvent = QuestionAsked | QuestionPaid | QuestionAnswered | AnswerEdited | QuestionRefunded | QuestionExpired;

/** What an expert charges for a question, and whether they take paid questions now. */
export type ExpertPriceSet = DomainEvent<
  'consulting.expert-price-set',
  { expertId: string; amountCents: number; currency: string; enabled: boolean }
>;

export type ExpertPriceEvent = ExpertPriceSet;

export const consultingEventTypes = {
  // The question is what the learner typed: their personal data, sealed with their key.
  'consulting.question-asked': { schemaVersion: 1, personalData: { subject: 'askerId', fields: ['text'] } },
  'consulting.question-paid': { schemaVersion: 1 },
  'consulting.question-answered': { schemaVersion: 1 },
  'consulting.answer-edited': { schemaVersion: 1 },
  'consulting.question-refunded': { schemaVersion: 1 },
  'consulting.question-expired': { schemaVersion: 1 },
  'consulting.expert-price-set': { schemaVersion: 1 },
} as const;
