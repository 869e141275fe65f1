import { Inject, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type CommandContext } from '#platform';
import type { PaymentStatus, ProviderEvent } from '../payments/payment-provider.js';
import { PaymentProviders } from '../payments/payment-providers.js';
import { ReceiveProviderEvent } from './receive-provider-event.js';
import { PayoutPayees } from '../projections/payout-payees.js';

/** How many waiting payments one run asks about (the oldest first; the next run takes the rest). */
const BATCH = 100;

/**
 * The worker's, on a schedule: payments still pending RECONCILE_PENDING_AFTER_MINUTES after they
 * were opened, and payouts approved that long ago and not settled, are asked about at their provider, and what it says is applied through the webhook
 * inbox as the event its notification would have been. The event's id is derived from the payment
 * and the outcome, so a rerun is a duplicate; the provider's own notification, arriving later,
 * finds the payment settled and changes nothing.
 */
export class ReconcilePendingPayments extends Command<{ settled: string[]; payouts: string[] }> {
  constructor(
    readonly context: CommandContext,
    readonly now: Date = new Date(),
  ) {
    super();
  }
}

/** The inbox event standing for what the provider said, or null while it is still pending. */
export function reconciledEvent(paymentId: string, status: PaymentStatus): ProviderEvent | null {
  switch (status.status) {
    case 'succeeded':
      return { id: `reconciled:${paymentId}:succeeded`, type: 'payment.succeeded', data: { paymentId, amountCents: status.amountCents, currency: status.currency } };
    case 'failed':
      return { id: `reconciled:${paymentId}:failed`, type: 'payment.failed', data: { paymentId, reason: status.reason } };
    default:
      return null;
  }
}

@CommandHandler(ReconcilePendingPayments)
export class ReconcilePendingPaymentsHandler implements ICommandHandler<ReconcilePendingPayments> {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    private readonly providers: PaymentProviders,
    private readonly commands: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payees: PayoutPayees,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ context, now }: ReconcilePendingPayments): Promise<{ settled: string[]; payouts: string[] }> {
    const openedBefore = new Date(now.getTime() - this.config.reconcilePendingAfterMinutes * 60_000);
    // Orders name their provider; membership charges go through the one configured.
    const waiting: { payment_id: string; provider: string }[] = await this.dataSource.query(
      `SELECT payment_id, provider FROM (
         SELECT payment_id, provider, created_at AS opened_at FROM commerce_orders WHERE status = 'pending' AND created_at < $1
         UNION ALL
         SELECT payment_id, $2 AS provider, requested_at AS opened_at FROM commerce_subscription_payments WHERE status = 'open' AND requested_at < $1
       ) waiting ORDER BY opened_at LIMIT $3`,
      [openedBefore, this.config.paymentProvider, BATCH],
    );
    const settled: string[] = [];
    for (const { payment_id: paymentId, provider: name } of waiting) {
      try {
        const provider = this.providers.get(name);
        const event = reconciledEvent(paymentId, await provider.queryPayment(paymentId));
        if (!event) continue;
        await this.commands.execute(new ReceiveProviderEvent(provider.name, event, context));
        settled.push(paymentId);
      } catch (error) {
        // One payment the provider cannot answer for (or we cannot apply) does not hold up the others.
        this.logger.warn(`payment ${paymentId} (${name}) could not be reconciled: ${(error as Error).message}`);
      }
    }
    return { settled, payouts: await this.reconcilePayouts(openedBefore, context) };
  }

  /** Payouts a provider accepted but had not decided (WeChat Pay's transfers, Alipay's DEALING): what it says now settles them. */
  private async reconcilePayouts(approvedBefore: Date, context: CommandContext): Promise<string[]> {
    const waiting: { payout_id: string; creator_id: string; amount_cents: string; currency: string; provider: string | null; payee: string | null }[] =
      await this.dataSource.query(
        `SELECT payout_id, creator_id, amount_cents, currency, provider, payee FROM commerce_payouts
          WHERE status = 'approved' AND decided_at < $1 ORDER BY decided_at LIMIT $2`,
        [approvedBefore, BATCH],
      );
    const settled: string[] = [];
    for (const payout of waiting) {
      const name = payout.provider ?? this.config.paymentProvider;
      try {
        const provider = this.providers.get(name);
        const event = await provider.queryPayout({
          payoutId: payout.payout_id,
          creatorId: payout.creator_id,
          amountCents: Number(payout.amount_cents),
          currency: payout.currency.trim(),
          payee: this.payees.open(payout.payout_id, payout.payee),
        });
        if (!event) continue;
        await this.commands.execute(new ReceiveProviderEvent(provider.name, event, context));
        // A transfer still waiting for its payee is not settled (its creator was told, once).
        if (event.type !== 'payout.awaiting_confirmation') settled.push(payout.payout_id);
      } catch (error) {
        this.logger.warn(`payout ${payout.payout_id} (${name}) could not be reconciled: ${(error as Error).message}`);
      }
    }
    return settled;
  }
}
