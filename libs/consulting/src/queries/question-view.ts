import type { QuestionStatus } from '../domain/question.js';

export interface QuestionView {
  questionId: string;
  askerId: string;
  expertId: string;
  /** The item asked about (free Q&A), or null for a paid question to an expert. */
  contentId: string | null;
  text: string;
  price: { amountCents: number; currency: string } | null;
  status: QuestionStatus;
  /** The order that pays for a paid question (the asker pays it as any order). */
  orderId: string | null;
  askedAt: string;
  /** When it reached the expert's inbox: at once for a free question, once paid for a paid one. */
  openedAt: string | null;
  /** A paid question unanswered by then is refunded. */
  answerDueAt: string | null;
  answer: { text: string; answeredAt: string; editedAt: string | null } | null;
  /** When it was refunded or expired. */
  closedAt: string | null;
  /** The refund of a paid question nobody answered in time: approved by the platform, and when the money was back. */
  refund: { refundId: string; refundedAt: string | null } | null;
}

export interface QuestionRow {
  question_id: string;
  asker_id: string;
  expert_id: string;
  content_id: string | null;
  text: string;
  price_cents: string | null;
  currency: string | null;
  status: QuestionStatus;
  order_id: string | null;
  asked_at: Date;
  opened_at: Date | null;
  answer_due_at: Date | null;
  answer: string | null;
  answered_at: Date | null;
  answer_edited_at: Date | null;
  closed_at: Date | null;
  refund_id: string | null;
  refunded_at: Date | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toQuestionView(row: QuestionRow): QuestionView {
  return {
    questionId: row.question_id,
    askerId: row.asker_id,
    expertId: row.expert_id,
    contentId: row.content_id,
    text: row.text,
    price: row.price_cents === null ? null : { amountCents: Number(row.price_cents), currency: row.currency!.trim() },
    status: row.status,
    orderId: row.order_id,
    askedAt: row.asked_at.toISOString(),
    openedAt: iso(row.opened_at),
    answerDueAt: iso(row.answer_due_at),
    answer: row.answer === null ? null : { text: row.answer, answeredAt: row.answered_at!.toISOString(), editedAt: iso(row.answer_edited_at) },
    closedAt: iso(row.closed_at),
    refund: row.refund_id === null ? null : { refundId: row.refund_id, refundedAt: iso(row.refunded_at) },
  };
}

export interface QuestionPage {
  items: QuestionView[];
  nextCursor: string | null;
}
