import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderPlaced, OrderRefunded, RefundApproved } from '#commerce';
import type { QuestionEvent } from '../domain/consulting-events.js';

type CommerceEvent = OrderPlaced | RefundApproved | OrderRefunded;

/**
 * consulting_questions from each question's events, and from its order's: which order pays for
 * it, the refund commerce approved when it went unanswered, and when the money was back.
 */
@Injectable()
@InlineProjection()
export class QuestionsProjector implements InlineProjector {
  readonly eventTypes = [
    'consulting.question-asked',
    'consulting.question-paid',
    'consulting.question-answered',
    'consulting.answer-edited',
    'consulting.question-refunded',
    'consulting.question-expired',
    'commerce.order-placed',
    'commerce.refund-approved',
    'commerce.order-refunded',
  ];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<QuestionEvent | CommerceEvent>[]) {
      const at = event.createdAt;
      switch (event.type) {
        case 'consulting.question-asked': {
          const { questionId, askerId, expertId, contentId, text, price, askedAt } = event.data;
          await manager.query(
            `INSERT INTO consulting_questions
               (question_id, asker_id, expert_id, content_id, text, price_cents, currency, status, asked_at, opened_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              questionId,
              askerId,
              expertId,
              contentId,
              text,
              price?.amountCents ?? null,
              price?.currency ?? null,
              price === null ? 'open' : 'awaiting_payment',
              askedAt,
              price === null ? askedAt : null, // a free question is in the creator's inbox at once
              at,
            ],
          );
          break;
        }
        case 'consulting.question-paid':
          await manager.query(
            `UPDATE consulting_questions SET status = 'open', order_id = $2, opened_at = $3, answer_due_at = $4, updated_at = $5 WHERE question_id = $1`,
            [event.data.questionId, event.data.orderId, event.data.paidAt, event.data.answerDueAt, at],
          );
          break;
        case 'consulting.question-answered':
          await manager.query(
            `UPDATE consulting_questions SET status = 'answered', answer = $2, answered_at = $3, updated_at = $4 WHERE question_id = $1`,
            [event.data.questionId, event.data.text, event.data.answeredAt, at],
          );
          break;
        case 'consulting.answer-edited':
          await manager.query(`UPDATE consulting_questions SET answer = $2, answer_edited_at = $3, updated_at = $4 WHERE question_id = $1`, [
            event.data.questionId,
            event.data.text,
            event.data.editedAt,
            at,
          ]);
          break;
        case 'consulting.question-refunded':
          await manager.query(`UPDATE consulting_questions SET status = 'refunded', closed_at = $2, updated_at = $3 WHERE question_id = $1`, [
            event.data.questionId,
            event.data.refundedAt,
            at,
          ]);
          break;
        case 'consulting.question-expired':
          await manager.query(`UPDATE consulting_questions SET status = 'expired', closed_at = $2, updated_at = $3 WHERE question_id = $1`, [
            event.data.questionId,
            event.data.expiredAt,
            at,
          ]);
          break;
        case 'commerce.order-placed': {
          const questionIds = event.data.items.filter((item) => item.kind === 'question').map((item) => item.contentId);
          if (questionIds.length === 0) break;
          await manager.query(`UPDATE consulting_questions SET order_id = $2, updated_at = $3 WHERE question_id = ANY($1::uuid[])`, [
            questionIds,
            event.data.orderId,
            at,
          ]);
          break;
        }
        // Only the refund of a question closed here as unanswered: a refund the buyer asked finance for leaves the question as it is.
        case 'commerce.refund-approved':
          await manager.query(
            `UPDATE consulting_questions SET refund_id = $2, updated_at = $3 WHERE order_id = $1 AND status = 'refunded' AND refund_id IS NULL`,
            [event.data.orderId, event.data.refundId, at],
          );
          break;
        // A refund made at the provider carries the provider's id, not one of ours: compared as text.
        case 'commerce.order-refunded':
          await manager.query(`UPDATE consulting_questions SET refunded_at = $3, updated_at = $3 WHERE order_id = $1 AND refund_id::text = $2`, [
            event.data.orderId,
            event.data.refundId,
            at,
          ]);
          break;
      }
    }
  }
}
