import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { payoutsDecider } from '../domain/payouts.js';
import { PaymentProviders } from '../payments/payment-providers.js';
import { WechatPayPaymentProvider } from '../payments/wechatpay.provider.js';
import { ReceiveProviderEvent } from './receive-provider-event.js';

/**
 * The creator (their own payout) or finance cancels a payout whose WeChat Pay transfer bill waits
 * for the creator to confirm it. The request is recorded once on the creator's payouts stream, then
 * WeChat Pay is asked to cancel the bill; its answer (CANCELING, CANCELLED) fails the payout through
 * the webhook inbox, as the bill's later CANCELLED notification would, so the money returns to the
 * creator's available balance once however often either comes. A bill paid meanwhile is paid, not cancelled.
 */
export class CancelPayout extends Command<void> {
  constructor(
    readonly payoutId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CancelPayout)
export class CancelPayoutHandler implements ICommandHandler<CancelPayout> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly providers: PaymentProviders,
    private readonly commands: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ payoutId, context }: CancelPayout): Promise<void> {
    const payout = await this.payout(payoutId);
    // Finance may cancel any payout; a creator only their own (anyone else's is not found to them).
    const ability = this.abilities.forActor(context.actor);
    if (!payout || !(ability.can('decide', 'Payout') || ability.can('requestPayout', asSubject('Earnings', { creatorId: payout.creator_id })))) {
      throw CommerceErrors.payoutNotFound();
    }
    const provider = payout.provider ? this.providers.get(payout.provider) : this.providers.active;
    if (!(provider instanceof WechatPayPaymentProvider)) throw CommerceErrors.payoutNotCancellable(payout.status);
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(payoutsDecider, {
        streamId: `payouts-${payout.creator_id}`,
        streamType: 'payouts',
        context,
        command: { type: 'CancelPayout', payoutId, requestedBy: context.actor!.userId },
      }),
    );
    // Settled since it was asked (the provider answered an earlier cancel, or paid): nothing more to ask.
    if ((await this.payout(payoutId))?.status !== 'approved') return this.answered(payoutId);
    const outcome = await provider.cancelPayout(payoutId);
    if (outcome?.type === 'payout.paid' || outcome?.type === 'payout.failed') await this.commands.execute(new ReceiveProviderEvent(provider.name, outcome, context));
    if (outcome?.type !== 'payout.failed' && outcome?.type !== 'payout.paid') {
      throw new Error(`WeChat Pay neither cancelled nor ended the transfer bill of payout ${payoutId}`);
    }
    return this.answered(payoutId);
  }

  /** A cancel ends well only if the payout failed (the money is back); one paid meanwhile was not cancelled. */
  private async answered(payoutId: string): Promise<void> {
    const status = (await this.payout(payoutId))?.status ?? 'unknown';
    if (status !== 'failed') throw CommerceErrors.payoutNotCancellable(status);
  }

  private async payout(payoutId: string): Promise<{ creator_id: string; status: string; provider: string | null } | undefined> {
    const [row]: { creator_id: string; status: string; provider: string | null }[] = await this.dataSource.query(
      `SELECT creator_id, status, provider FROM commerce_payouts WHERE payout_id = $1`,
      [payoutId],
    );
    return row;
  }
}
