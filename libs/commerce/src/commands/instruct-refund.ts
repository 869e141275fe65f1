import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommandContext } from '#platform';
import { PaymentProviders } from '../payments/payment-providers.js';
import { ReceiveProviderEvent } from './receive-provider-event.js';

/**
 * The worker's, after finance approved a refund: the order's provider is asked to pay it back. The
 * provider refunds once per refund id however often it is asked; once the refund is confirmed
 * (refund.succeeded) a rerun asks nothing. A provider that refunds synchronously confirms in its
 * answer, which goes through the webhook inbox as its notification would.
 */
export class InstructRefund extends Command<{ instructed: boolean }> {
  constructor(
    readonly refundId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(InstructRefund)
export class InstructRefundHandler implements ICommandHandler<InstructRefund> {
  constructor(
    private readonly providers: PaymentProviders,
    private readonly commands: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ refundId, context }: InstructRefund): Promise<{ instructed: boolean }> {
    const [refund]: { status: string; approved_cents: string; currency: string; payment_id: string; provider: string; total_cents: string }[] =
      await this.dataSource.query(
        `SELECT r.status, r.approved_cents, r.currency, o.payment_id, o.provider, o.total_cents
           FROM commerce_refunds r JOIN commerce_orders o ON o.id = r.order_id WHERE r.refund_id::text = $1`,
        [refundId],
      );
    if (refund?.status !== 'approved') return { instructed: false };
    const provider = this.providers.get(refund.provider);
    const confirmed = await provider.refund({
      paymentId: refund.payment_id,
      refundId,
      amountCents: Number(refund.approved_cents),
      currency: refund.currency.trim(),
      paymentAmountCents: Number(refund.total_cents),
    });
    if (confirmed) await this.commands.execute(new ReceiveProviderEvent(provider.name, confirmed, context));
    return { instructed: true };
  }
}
