import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, Clock, type CommandContext, Decisions, DomainError, nameBasedUuid, requireVerifiedEmail } from '#platform';
import { ownedElsewhere } from '../access/owned-elsewhere.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { bundleDecider, priceBundle } from '../domain/bundle.js';
import type { OrderedBundle, OrderItem } from '../domain/commerce-events.js';
import { couponDecider } from '../domain/coupon.js';
import { discountPerItem } from '../domain/discount.js';
import { orderDecider } from '../domain/order.js';
import { PaymentProviders } from '../payments/payment-providers.js';

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
    readonly couponCode: string | null = null,
    /** A bundle to buy instead of `contentIds` (then empty). */
    readonly bundleId: string | null = null,
    /** A paid question of the buyer's to pay for instead of `contentIds` (then empty): consulting places these. */
    readonly questionId: string | null = null,
  ) {
    super();
  }
}

/** Namespace of order ids derived from (buyer, Idempotency-Key). */
const ORDER_ID_NAMESPACE = '3b0c1f57-8f0a-4f5e-9d8e-6a4e2f1c9b70';

/**
 * Prices the items from the product list (less a coupon's discount), opens a payment with the
 * configured provider (PAYMENT_PROVIDER; the buyer pays it through POST …/checkout), and
 * records the order — and the coupon's redemption in the same transaction, so a coupon's limits
 * hold under any concurrency and an order never has a discount its coupon did not grant.
 */
@CommandHandler(PlaceOrder)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly providers: PaymentProviders,
    private readonly clock: Clock,
  ) {}

  async execute(command: PlaceOrder): Promise<PlacedOrder> {
    const buyer = this.abilities.require(command.context.actor, 'create', 'Order');
    requireVerifiedEmail(buyer); // an unverified account browses, but does not buy
    const orderId = nameBasedUuid(ORDER_ID_NAMESPACE, `${buyer.userId}\n${command.idempotencyKey}`);
    const { listed, bundle } = command.bundleId
      ? await this.bundleItems(command.bundleId, buyer.userId, orderId)
      : command.questionId
        ? { listed: await this.questionItems(command.questionId, buyer.userId), bundle: null }
        : { listed: await this.listedItems(command.contentIds.map((id) => id.toLowerCase())), bundle: null };
    const contentIds = listed.map((item) => item.contentId);
    const pending = await this.pendingOrderFor(buyer.userId, contentIds, orderId);
    if (pending) return pending;
    const owned = await this.ownedOf(buyer.userId, contentIds, orderId);
    const { items, coupon } = await this.applyCoupon(listed, command.couponCode);
    try {
      // An order that lost the race for its coupon to another order is placed again on what the coupon
      // now holds: a learner hears that the coupon ran out (or that they used it up), never that the
      // record moved (every race it loses is another order's redemption).
      await this.decisions.redecideOnConflict(() =>
        this.dataSource.transaction(async (tx) => {
          if (coupon) {
            await this.decisions.execute(couponDecider, {
              streamId: `coupon-${coupon.couponId}`,
              streamType: 'coupon',
              context: command.context,
              manager: tx,
              command: {
                type: 'RedeemCoupon',
                orderId,
                userId: buyer.userId,
                now: new Date().toISOString(),
                orderCurrency: items[0]!.currency,
                discountCents: coupon.discountCents,
              },
            });
          }
          await this.decisions.execute(orderDecider, {
            streamId: `order-${orderId}`,
            streamType: 'order',
            context: command.context,
            manager: tx,
            command: {
              type: 'PlaceOrder',
              orderId,
              buyerId: buyer.userId,
              items,
              alreadyOwned: owned,
              paymentId: `pay_${randomUUID().replace(/-/g, '')}`,
              provider: this.providers.active.name,
              payableUntil: new Date(Date.now() + this.config.orderPaymentWindowMs).toISOString(),
              coupon,
              bundle,
            },
          });
        }),
      );
    } catch (error) {
      // Another request of this buyer opened an order for these items a moment ago.
      if (!(error instanceof DomainError) || error.code !== 'COMMERCE.ORDER_PENDING') throw error;
      const other = await this.pendingOrderFor(buyer.userId, contentIds, orderId);
      if (!other) throw error;
      return other;
    }
    return { orderId, created: true };
  }

  /** The items as the product list prices them now; any not on sale is refused by name. */
  private async listedItems(contentIds: string[]): Promise<OrderItem[]> {
    const products: { content_id: string; creator_id: string; title: string; price_cents: number; currency: string }[] =
      await this.dataSource.query(
        // An item taken off the catalogue (unpublished, hidden) takes no new order, alone or in a bundle.
        `SELECT content_id, creator_id, title, price_cents, currency FROM commerce_products WHERE content_id = ANY($1::uuid[]) AND unlisted_at IS NULL`,
        [contentIds],
      );
    const byId = new Map(products.map((product) => [product.content_id, product]));
    const missing = contentIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw CommerceErrors.notForSale(missing);
    return contentIds.map((id) => {
      const product = byId.get(id)!;
      const price = Number(product.price_cents);
      return { contentId: id, creatorId: product.creator_id, title: product.title, priceCents: price, listPriceCents: price, currency: product.currency.trim() };
    });
  }

  /** A paid question, at the price the expert asked when it was asked; sold to its asker alone. */
  private async questionItems(questionId: string, buyerId: string): Promise<OrderItem[]> {
    const [offer]: { expert_id: string; title: string; price_cents: string; currency: string }[] = await this.dataSource.query(
      `SELECT expert_id, title, price_cents, currency FROM commerce_question_offers WHERE question_id = $1 AND asker_id = $2`,
      [questionId, buyerId],
    );
    if (!offer) throw CommerceErrors.notForSale([questionId]);
    const price = Number(offer.price_cents);
    return [
      { contentId: questionId, creatorId: offer.expert_id, title: offer.title, priceCents: price, listPriceCents: price, currency: offer.currency.trim(), kind: 'question' },
    ];
  }

  /**
   * A bundle's items at their share of its price. Items the buyer holds already are priced out
   * (they leave the order with their share) or, where the operator says so, refused.
   */
  private async bundleItems(bundleId: string, buyerId: string, orderId: string): Promise<{ listed: OrderItem[]; bundle: OrderedBundle }> {
    const { state } = await this.decisions.load(bundleDecider, `bundle-${bundleId}`);
    if (state.status === 'none') throw CommerceErrors.bundleNotFound();
    if (state.status === 'retired') throw CommerceErrors.bundleRetired();
    const listed = await this.listedItems(state.contentIds);
    const owned = await this.ownedOf(buyerId, state.contentIds, orderId);
    if (owned.length > 0 && this.config.bundleOwnedItems === 'refuse') throw CommerceErrors.alreadyOwned(owned);
    const priced = priceBundle(state.priceCents, listed, owned);
    if (priced.items.length === 0) throw CommerceErrors.alreadyOwned(owned);
    return {
      listed: priced.items.map(({ item, priceCents }) => ({ ...item, priceCents })),
      bundle: { bundleId: state.bundleId, title: state.title, priceCents: state.priceCents, pricedOutCents: priced.pricedOutCents, pricedOut: owned },
    };
  }

  private ownedOf(buyerId: string, contentIds: string[], orderId: string): Promise<string[]> {
    return ownedElsewhere(this.dataSource, buyerId, contentIds, orderId, this.clock.now());
  }

  /** The items at the prices the coupon leaves (the coupon's own rules are checked when it is redeemed). */
  private async applyCoupon(
    items: OrderItem[],
    code: string | null,
  ): Promise<{ items: OrderItem[]; coupon: { couponId: string; code: string; discountCents: number } | null }> {
    if (code === null) return { items, coupon: null };
    const [row]: { coupon_id: string }[] = await this.dataSource.query(`SELECT coupon_id FROM commerce_coupons WHERE lower(code) = lower($1)`, [
      code,
    ]);
    if (!row) throw CommerceErrors.couponNotFound();
    const { state } = await this.decisions.load(couponDecider, `coupon-${row.coupon_id}`);
    if (state.status === 'none') throw CommerceErrors.couponNotFound();
    const discounts = discountPerItem(items, state.scope, state.discount);
    return {
      items: items.map((item, i) => ({ ...item, priceCents: item.priceCents - discounts[i]! })),
      coupon: { couponId: state.couponId, code: state.code, discountCents: discounts.reduce((sum, cents) => sum + cents, 0) },
    };
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
