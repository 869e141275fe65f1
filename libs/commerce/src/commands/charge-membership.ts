import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommandContext } from '#platform';
import { PaymentProviders } from '../payments/payment-providers.js';
import { ReceiveProviderEvent } from './receive-provider-event.js';

/**
 * The worker's, when a membership's renewal charge is opened: the configured provider charges the
 * method or deduction agreement the member saved (idempotently by payment id). A provider that
 * answers with the outcome at once (Alipay's agreement pay) has it applied through the webhook inbox,
 * as its notification would be. A first charge is the member's to pay through the checkout, and a
 * charge settled or closed meanwhile is left alone.
 */
export class ChargeMembership extends Command<{ charged: boolean }> {
  constructor(
    readonly paymentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChargeMembership)
export class ChargeMembershipHandler implements ICommandHandler<ChargeMembership> {
  constructor(
    private readonly providers: PaymentProviders,
    private readonly commands: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ paymentId, context }: ChargeMembership): Promise<{ charged: boolean }> {
    const [charge]: { status: string; amount_cents: string; currency: string; user_id: string; paid_until: Date | null; name: string }[] =
      await this.dataSource.query(
        `SELECT p.status, p.amount_cents, p.currency, s.user_id, s.paid_until, pl.name
           FROM commerce_subscription_payments p
           JOIN commerce_subscriptions s ON s.subscription_id = p.subscription_id
           JOIN commerce_plans pl ON pl.plan_id = s.plan_id
          WHERE p.payment_id = $1`,
        [paymentId],
      );
    if (charge?.status !== 'open' || charge.paid_until === null) return { charged: false };
    const provider = this.providers.active;
    const outcome = await provider.chargeSavedMethod({
      paymentId,
      amountCents: Number(charge.amount_cents),
      currency: charge.currency.trim(),
      description: charge.name,
      customerId: charge.user_id,
    });
    if (outcome.charged && outcome.confirmed) await this.commands.execute(new ReceiveProviderEvent(provider.name, outcome.confirmed, context));
    return { charged: outcome.charged };
  }
}
