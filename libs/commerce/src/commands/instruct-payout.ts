import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommandContext } from '#platform';
import { PaymentProviders } from '../payments/payment-providers.js';
import { ReceiveProviderEvent } from './receive-provider-event.js';
import { PayoutPayees } from '../projections/payout-payees.js';

/**
 * The worker's, after finance approved a payout: the provider it was approved for is asked to pay
 * the creator's account there (once per payout id however often asked). An outcome in its answer goes
 * through the webhook inbox as a notification would; once the payout is paid or failed, a rerun asks
 * nothing.
 */
export class InstructPayout extends Command<{ instructed: boolean }> {
  constructor(
    readonly payoutId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(InstructPayout)
export class InstructPayoutHandler implements ICommandHandler<InstructPayout> {
  constructor(
    private readonly providers: PaymentProviders,
    private readonly commands: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payees: PayoutPayees,
  ) {}

  async execute({ payoutId, context }: InstructPayout): Promise<{ instructed: boolean }> {
    const [payout]: { status: string; creator_id: string; amount_cents: string; currency: string; provider: string | null; payee: string | null }[] =
      await this.dataSource.query(`SELECT status, creator_id, amount_cents, currency, provider, payee FROM commerce_payouts WHERE payout_id::text = $1`, [payoutId]);
    if (payout?.status !== 'approved') return { instructed: false };
    // Approvals from before payouts named their provider go through the one configured.
    const provider = payout.provider ? this.providers.get(payout.provider) : this.providers.active;
    const confirmed = await provider.payout({
      payoutId,
      creatorId: payout.creator_id,
      amountCents: Number(payout.amount_cents),
      currency: payout.currency.trim(),
      payee: this.payees.open(payoutId, payout.payee),
    });
    if (confirmed) await this.commands.execute(new ReceiveProviderEvent(provider.name, confirmed, context));
    return { instructed: true };
  }
}
