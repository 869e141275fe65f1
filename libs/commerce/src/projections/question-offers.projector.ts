import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * What commerce reads of consulting's published language (tolerant reader): a question asked,
 * with the price of a paid one.
 */
interface QuestionAskedData {
  questionId: string;
  askerId: string;
  expertId: string;
  price: { amountCents: number; currency: string } | null;
  askedAt: string;
}

/**
 * What a question's order item is called. Not the question's words: they are the asker's personal
 * data, and an order's items are stored in clear in its events, on receipts and in webhooks.
 */
const QUESTION_ITEM_TITLE = '付费问答';

/** Makes a paid question payable by its asker in the same transaction that records it. */
@Injectable()
@InlineProjection()
export class QuestionOffersProjector implements InlineProjector {
  readonly eventTypes = ['consulting.question-asked'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const data = event.data as QuestionAskedData;
      if (data.price === null) continue; // a free question is not sold
      await manager.query(
        `INSERT INTO commerce_question_offers (question_id, asker_id, expert_id, title, price_cents, currency, asked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (question_id) DO NOTHING`,
        [data.questionId, data.askerId, data.expertId, QUESTION_ITEM_TITLE, data.price.amountCents, data.price.currency, data.askedAt],
      );
    }
  }
}
