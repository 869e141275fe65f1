import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { OrderPaid } from '../domain/commerce-events.js';
import { postingForPaidOrder } from '../domain/ledger.js';

const PROVIDER = 'sandbox';

/** Posts each paid order's balanced double entry in the transaction that records the payment. */
@Injectable()
@InlineProjection()
export class LedgerProjector implements InlineProjector {
  readonly eventTypes = ['commerce.order-paid'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<OrderPaid>[]) {
      const lines = postingForPaidOrder(event.data, PROVIDER);
      await manager.query(
        `INSERT INTO commerce_ledger_lines (transaction_id, order_id, account, amount_cents, currency, posted_at)
         SELECT $1, $2, line.account, line.amount_cents, line.currency, $3
           FROM unnest($4::text[], $5::bigint[], $6::text[]) AS line(account, amount_cents, currency)`,
        [
          `order-paid:${event.data.orderId}`,
          event.data.orderId,
          event.createdAt,
          lines.map((line) => line.account),
          lines.map((line) => line.amountCents),
          lines.map((line) => line.currency),
        ],
      );
    }
  }
}
