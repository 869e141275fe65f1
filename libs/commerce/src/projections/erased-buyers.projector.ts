import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ERASED, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';

/**
 * When a buyer erases their account, the reasons they typed for their refund requests read as
 * erased (their events keep them sealed with the key that was just deleted), and a creator's payout
 * accounts are forgotten. The money stays as it was: amounts, orders and the ledger name no one
 * beyond an id.
 */
@Injectable()
@InlineProjection()
export class ErasedBuyersProjector implements InlineProjector {
  readonly eventTypes = ['identity.account-erased'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const { userId } = event.data as { userId: string };
      await manager.query(`UPDATE commerce_refunds SET reason = $2 WHERE buyer_id = $1 AND reason IS NOT NULL`, [userId, ERASED]);
      // A creator who leaves: where their payouts went is theirs too (the amounts stay, for the ledger).
      await manager.query(`UPDATE commerce_payouts SET payee = NULL WHERE creator_id = $1 AND payee IS NOT NULL`, [userId]);
    }
  }
}
