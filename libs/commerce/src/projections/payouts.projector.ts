import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { PayoutEvent } from '../domain/payout-events.js';
import { PayoutPayees } from './payout-payees.js';

/**
 * commerce_payouts: each payout from the creator's request to the provider's word, for creators and
 * finance, with the provider and the (encrypted) payee it was approved for.
 */
@Injectable()
@InlineProjection()
export class PayoutsProjector implements InlineProjector {
  constructor(private readonly payees: PayoutPayees) {}

  readonly eventTypes = ['commerce.payout-requested', 'commerce.payout-approved', 'commerce.payout-rejected', 'commerce.payout-paid', 'commerce.payout-failed', 'commerce.payout-reversed'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<PayoutEvent>[]) {
      const at = event.createdAt;
      switch (event.type) {
        case 'commerce.payout-requested': {
          const { payoutId, creatorId, amountCents, currency } = event.data;
          await manager.query(
            `INSERT INTO commerce_payouts (payout_id, creator_id, amount_cents, currency, status, requested_at, updated_at)
             VALUES ($1, $2, $3, $4, 'requested', $5, $5)`,
            [payoutId, creatorId, amountCents, currency, at],
          );
          break;
        }
        case 'commerce.payout-approved':
          await manager.query(
            `UPDATE commerce_payouts SET status = 'approved', reviewer_id = $2, provider = $3, payee = $4, decided_at = $5, updated_at = $5 WHERE payout_id = $1`,
            [event.data.payoutId, event.data.reviewerId, event.data.provider ?? null, this.payees.seal(event.data.payoutId, event.data.payee), at],
          );
          break;
        case 'commerce.payout-rejected':
          await manager.query(
            `UPDATE commerce_payouts SET status = $2, reviewer_id = $3, reason = $4, decided_at = $5, updated_at = $5 WHERE payout_id = $1`,
            [
              event.data.payoutId,
              'rejected',
              event.data.reviewerId,
              event.data.reason,
              at,
            ],
          );
          break;
        case 'commerce.payout-paid':
        case 'commerce.payout-failed':
          await manager.query(`UPDATE commerce_payouts SET status = $2, reason = $3, settled_at = $4, updated_at = $4 WHERE payout_id = $1`, [
            event.data.payoutId,
            event.type === 'commerce.payout-paid' ? 'paid' : 'failed',
            event.type === 'commerce.payout-failed' ? event.data.reason : null,
            at,
          ]);
          break;
        case 'commerce.payout-reversed':
          await manager.query(`UPDATE commerce_payouts SET status = 'reversed', reversed_cents = $2, reason = $3, updated_at = $4 WHERE payout_id = $1`, [
            event.data.payoutId,
            event.data.reversedCents,
            event.data.reason,
            at,
          ]);
          break;
      }
    }
  }
}
