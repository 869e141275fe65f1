import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PaymentProviders } from '../payments/payment-providers.js';

/**
 * The worker's, after finance approved a payout: the provider is asked to pay the creator (once per
 * payout id however often asked); once it said paid or failed, a rerun asks nothing.
 */
export class InstructPayout extends Command<{ instructed: boolean }> {
  constructor(readonly payoutId: string) {
    super();
  }
}

@CommandHandler(InstructPayout)
export class InstructPayoutHandler implements ICommandHandler<InstructPayout> {
  constructor(
    private readonly providers: PaymentProviders,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ payoutId }: InstructPayout): Promise<{ instructed: boolean }> {
    const [payout]: { status: string; creator_id: string; amount_cents: string; currency: string }[] = await this.dataSource.query(
      `SELECT status, creator_id, amount_cents, currency FROM commerce_payouts WHERE payout_id::text = $1`,
      [payoutId],
    );
    if (payout?.status !== 'approved') return { instructed: false };
    await this.providers.active.payout({ payoutId, creatorId: payout.creator_id, amountCents: Number(payout.amount_cents), currency: payout.currency.trim() });
    return { instructed: true };
  }
}
