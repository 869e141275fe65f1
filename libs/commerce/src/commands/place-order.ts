import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions, DomainError } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { OrderItem } from '../domain/commerce-events.js';
import { orderDecider } from '../domain/order.js';

export class PlaceOrder extends Command<{ orderId: string }> {
  constructor(
    readonly contentIds: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Prices the items from the product list, opens a sandbox payment, and records the order. */
@CommandHandler(PlaceOrder)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: PlaceOrder): Promise<{ orderId: string }> {
    const actor = command.context.actor;
    if (!actor || !this.abilities.forActor(actor).can('create', 'Order')) {
      throw new DomainError('AUTHZ.FORBIDDEN', 'forbidden', 'You may not place orders.');
    }
    const products: { content_id: string; creator_id: string; title: string; price_cents: number; currency: string }[] =
      await this.dataSource.query(
        `SELECT content_id, creator_id, title, price_cents, currency FROM commerce_products WHERE content_id = ANY($1::uuid[])`,
        [command.contentIds],
      );
    const byId = new Map(products.map((product) => [product.content_id, product]));
    const missing = command.contentIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw CommerceErrors.notForSale(missing);
    const items: OrderItem[] = command.contentIds.map((id) => {
      const product = byId.get(id)!;
      return {
        contentId: id,
        creatorId: product.creator_id,
        title: product.title,
        priceCents: product.price_cents,
        currency: product.currency.trim(),
      };
    });
    const owned: { content_id: string }[] = await this.dataSource.query(
      `SELECT content_id FROM commerce_entitlements WHERE user_id = $1 AND content_id = ANY($2::uuid[])`,
      [actor.userId, command.contentIds],
    );
    const orderId = randomUUID();
    await this.decisions.execute(orderDecider, {
      streamId: `order-${orderId}`,
      streamType: 'order',
      context: command.context,
      command: {
        type: 'PlaceOrder',
        orderId,
        buyerId: actor.userId,
        items,
        alreadyOwned: owned.map((row) => row.content_id),
        paymentId: `pay_${randomUUID().replace(/-/g, '')}`,
      },
    });
    return { orderId };
  }
}
