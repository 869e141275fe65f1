import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { Checkout } from '../payments/payment-provider.js';
import { PaymentProviders } from '../payments/payment-providers.js';

/** The buyer is ready to pay a pending order: its payment is opened at its provider (once, however often asked). */
export class OpenCheckout extends Command<Checkout> {
  constructor(
    readonly orderId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenCheckout)
export class OpenCheckoutHandler implements ICommandHandler<OpenCheckout> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly providers: PaymentProviders,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ orderId, context }: OpenCheckout): Promise<Checkout> {
    const buyer = this.abilities.require(context.actor, 'pay', 'Order');
    const [order]: { buyer_id: string; status: string; total_cents: string; currency: string; payment_id: string; provider: string; items: { title: string }[] }[] =
      await this.dataSource.query(`SELECT buyer_id, status, total_cents, currency, payment_id, provider, items FROM commerce_orders WHERE id = $1`, [orderId]);
    // Anyone else's order does not exist, as far as this caller is told.
    if (!order || !this.abilities.forActor(buyer).can('pay', asSubject('Order', { buyerId: order.buyer_id }))) throw CommerceErrors.orderNotFound();
    if (order.status !== 'pending') throw CommerceErrors.orderNotPayable(order.status);
    return this.providers.get(order.provider).createCheckout({
      paymentId: order.payment_id,
      amountCents: Number(order.total_cents),
      currency: order.currency.trim(),
      description: order.items.map((item) => item.title).join(', ').slice(0, 500),
    });
  }
}
