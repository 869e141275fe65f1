import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ExpertPriceEvent } from '../domain/consulting-events.js';

/** consulting_expert_prices: what each expert charges for a question, and whether they take them now. */
@Injectable()
@InlineProjection()
export class ExpertPricesProjector implements InlineProjector {
  readonly eventTypes = ['consulting.expert-price-set'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ExpertPriceEvent>[]) {
      const { expertId, amountCents, currency, enabled } = event.data;
      await manager.query(
        `INSERT INTO consulting_expert_prices (expert_id, amount_cents, currency, enabled, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (expert_id) DO UPDATE SET amount_cents = $2, currency = $3, enabled = $4, updated_at = $5`,
        [expertId, amountCents, currency, enabled, event.createdAt],
      );
    }
  }
}
