import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions, DomainError, nameBasedUuid, requireVerifiedEmail } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { OrderItem } from '../domain/commerce-events.js';
import { orderDecider } from '../domain/order.js';

export interface PlacedOrder {
  orderId: string;
  /** False when the buyer already had an unpaid order for exactly these items: that one is returned. */
  created: boolean;
}

export class PlaceOrder extends Command<PlacedOrder> {
  constructor(
    readonly contentIds: string[],
    /** The caller's Idempotency-Key: the order id derives from it, so a retry can only find the same order. */
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Namespace of order ids derived from (buyer, Idempotency-Key). */
const ORDER_ID_NAMESPACE = '3b0c1f57-8f0a-4f5e-9d8e-6a4e2f1c9b70';

/** Prices the items from the product list, opens a sandbox payment, and records the order. */
@CommandHandler(PlaceOrder)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: PlaceOrder): Promise<PlacedOrder> {
    const buyer = this.abilities.require(command.context.actor, 'create', 'Order');
    requireVerifiedEmail(buyer); // an unverified account browses, but does not buy
    const orderId = nameBasedUuid(ORDER_ID_NAMESPACE, `${buyer.userId}\n${command.idempotencyKey}`);
    const contentIds = command.contentIds.map((id) => id.toLowerCase()); // PostgreSQL answers with lowercase uuids
    const products: { content_id: string; creator_id: string; title: string; price_cents: number; currency: string }[] =
      await this.dataSource.query(
        `SELECT content_id, creator_id, title, price_cents, currency FROM commerce_products WHERE content_id = ANY($1::uuid[])`,
        [contentIds],
      );
    const byId = new Map(products.map((product) => [product.content_id, product]));
    const missing = contentIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw CommerceErrors.notForSale(missing);
    const items: OrderItem[] = contentIds.map((id) => {
      const product = byId.get(id)!;
      return { contentId: id, creatorId: product.creator_id, title: product.title, priceCents: product.price_cents, currency: product.currency.trim() };
    });
    const pending = await this.pendingOrderFor(buyer.userId, contentIds, orderId);
    if (pending) return pending;
    const owned: { content_id: string }[] = await this.dataSource.query(
      `SELECT content_id FROM commerce_entitlements WHERE user_id = $1 AND content_id = ANY($2::uuid[]) AND order_id <> $3`,
      [buyer.userId, contentIds, orderId],
    );
    try {
      await this.decisions.execute(orderDecider, {
        streamId: `order-${orderId}`,
        streamType: 'order',
        context: command.context,
        command: {
          type: 'PlaceOrder',
          orderId,
          buyerId: buyer.userId,
          items,
          alreadyOwned: owned.map((row) => row.content_id),
          paymentId: `pay_${randomUUID().replace(/-/g, '')}`,
        },
      });
    } catch (error) {
      // Another request of this buyer opened an order for these items a moment ago.
      if (!(error instanceof DomainError) || error.code !== 'COMMERCE.ORDER_PENDING') throw error;
      const other = await this.pendingOrderFor(buyer.userId, contentIds, orderId);
      if (!other) throw error;
      return other;
    }
    return { orderId, created: true };
  }

  /**
   * The buyer's other unpaid order for any of these items: returned when it is for exactly these
   * items (pay that one), refused with its id when it only overlaps. Null when there is none.
   */
  private async pendingOrderFor(buyerId: string, contentIds: string[], orderId: string): Promise<PlacedOrder | null> {
    const open: { order_id: string; content_ids: string[] }[] = await this.dataSource.query(
      `SELECT o.order_id, array_agg(all_items.content_id::text ORDER BY all_items.content_id) AS content_ids
         FROM (SELECT DISTINCT order_id FROM commerce_open_order_items
                WHERE buyer_id = $1 AND content_id = ANY($2::uuid[]) AND order_id <> $3) o
         JOIN commerce_open_order_items all_items ON all_items.order_id = o.order_id
        GROUP BY o.order_id`,
      [buyerId, contentIds, orderId],
    );
    if (open.length === 0) return null;
    const wanted = [...contentIds].sort();
    const same = open.find((order) => order.content_ids.length === wanted.length && order.content_ids.every((id, i) => id === wanted[i]));
    if (same) return { orderId: same.order_id, created: false };
    throw CommerceErrors.orderPending(open[0]!.order_id, contentIds);
  }
}
