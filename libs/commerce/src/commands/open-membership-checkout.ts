import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { Period } from '../domain/periods.js';
import type { Checkout } from '../payments/payment-provider.js';
import { PaymentProviders } from '../payments/payment-providers.js';

/**
 * The member is ready to pay their subscription's open charge: it is opened at the configured
 * provider (once, however often asked), which may ask the member to agree to renewal deductions
 * on the way (Alipay's pay-and-sign, WeChat Pay's contract).
 */
export class OpenMembershipCheckout extends Command<Checkout> {
  constructor(
    readonly subscriptionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenMembershipCheckout)
export class OpenMembershipCheckoutHandler implements ICommandHandler<OpenMembershipCheckout> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly providers: PaymentProviders,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ subscriptionId, context }: OpenMembershipCheckout): Promise<Checkout> {
    const member = this.abilities.require(context.actor, 'pay', 'Membership');
    const [subscription]: {
      user_id: string;
      status: string;
      payment_id: string | null;
      amount_cents: string;
      currency: string;
      name: string;
      period: Period;
      off_sale: string | null;
    }[] = await this.dataSource.query(
      // off_sale: the plan's column when it is off the catalogue (unpublished or hidden).
      `SELECT s.user_id, s.status, p.payment_id, p.amount_cents, p.currency, pl.name, pl.period,
              CASE WHEN pl.scope->>'kind' = 'content' AND NOT EXISTS (
                     SELECT 1 FROM commerce_products pr WHERE pr.content_id = (pl.scope->>'contentId')::uuid AND pr.unlisted_at IS NULL)
                   THEN pl.scope->>'contentId' END AS off_sale
         FROM commerce_subscriptions s
         JOIN commerce_plans pl ON pl.plan_id = s.plan_id
         LEFT JOIN commerce_subscription_payments p ON p.subscription_id = s.subscription_id AND p.status = 'open'
        WHERE s.subscription_id = $1
        ORDER BY p.requested_at DESC NULLS LAST LIMIT 1`,
      [subscriptionId],
    );
    // Anyone else's subscription does not exist, as far as this caller is told.
    if (!subscription || !this.abilities.forActor(member).can('pay', asSubject('Membership', { userId: subscription.user_id }))) {
      throw CommerceErrors.subscriptionNotFound();
    }
    if (subscription.payment_id === null) throw CommerceErrors.noChargeOpen();
    // A column taken off the catalogue takes no new members: a first charge never paid is not opened. Members
    // who have paid keep their subscription, and pay its renewals as before.
    if (subscription.status === 'pending' && subscription.off_sale !== null) throw CommerceErrors.notForSale([subscription.off_sale]);
    return this.providers.active.createCheckout({
      paymentId: subscription.payment_id,
      amountCents: Number(subscription.amount_cents),
      currency: subscription.currency.trim(),
      description: subscription.name,
      customerId: subscription.user_id,
      renewsEvery: subscription.period,
      device: { ip: context.clientIp, userAgent: context.userAgent ?? null },
    });
  }
}
