import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, Clock, type CommandContext, Decisions, DomainError, HttpProblem } from '#platform';
import { ownedElsewhere } from '../access/owned-elsewhere.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { type OrderCommand, orderDecider } from '../domain/order.js';
import { payoutsDecider } from '../domain/payouts.js';
import { subscriptionDecider } from '../domain/subscription.js';
import { CommissionRatesLookup } from '../queries/commission-rates.js';
import type { ProviderEvent, ProviderName } from '../payments/payment-provider.js';
import { billingPolicy } from './subscriptions.js';

/** The provider object an event is about: a payment (its refunds included), a payout, or another object of the provider's. */
const objectOf = (event: ProviderEvent) => event.data.paymentId ?? event.data.payoutId ?? event.data.objectId ?? null;

/** What became of an event: applied, waiting for one it depends on, or of a type we do not act on. */
export type InboxStatus = 'processed' | 'deferred' | 'ignored';

/**
 * A provider event whose notification was verified (the sandbox route's SandboxSignatureGuard, or
 * the provider's adapter), or that the provider confirmed when asked (reconciliation).
 */
export class ReceiveProviderEvent extends Command<{ duplicate: boolean; status: InboxStatus }> {
  constructor(
    readonly provider: ProviderName,
    readonly event: ProviderEvent,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const required = <T>(value: T | undefined, field: string): T => {
  if (value === undefined) {
    throw HttpProblem.forFields(400, 'COMMERCE.WEBHOOK_PAYLOAD_INVALID', 'The notification cannot be read.', [
      { field: `data.${field}`, messages: [`data.${field} is required for this event type`] },
    ]);
  }
  return value;
};

/**
 * The webhook inbox. Every signed provider event is stored once, by its id, before anything is
 * done with it; then it is applied under a lock on its row, so ten deliveries of one event apply
 * it once. Events arrive in any order: a refund of a payment not confirmed yet waits (deferred)
 * and is applied as soon as the payment is. Unknown types are stored and acknowledged. A refused
 * event (bad amount, unknown payment) is kept as rejected with its error and tried again if the
 * provider redelivers it. Money that can no longer buy anything is recorded as owed back.
 */
@CommandHandler(ReceiveProviderEvent)
export class ReceiveProviderEventHandler implements ICommandHandler<ReceiveProviderEvent> {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly decisions: Decisions,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commissions: CommissionRatesLookup,
    private readonly clock: Clock,
  ) {}

  async execute({ provider, event, context }: ReceiveProviderEvent): Promise<{ duplicate: boolean; status: InboxStatus }> {
    const objectId = objectOf(event);
    if (objectId === null) required(undefined, 'paymentId');
    await this.dataSource.query(
      `INSERT INTO commerce_webhook_events (provider, event_id, type, object_id, payload) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (provider, event_id) DO NOTHING`,
      [provider, event.id, event.type, objectId, JSON.stringify(event)],
    );
    const outcome = await this.process(provider, event, objectId!, context);
    if (!outcome.duplicate && outcome.status === 'processed') await this.applyDeferred(provider, objectId!, context);
    return outcome;
  }

  /** Applies a stored event unless it was applied already; records what became of it. */
  private async process(
    provider: ProviderName,
    event: ProviderEvent,
    objectId: string,
    context: CommandContext,
  ): Promise<{ duplicate: boolean; status: InboxStatus }> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        // Events about one payment or payout apply one at a time: two deliveries of its success under
        // different event ids would otherwise race on its stream, and one would answer 409.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`webhook-object:${provider}:${objectId}`]);
        const [row]: { status: string }[] = await tx.query(
          `SELECT status FROM commerce_webhook_events WHERE provider = $1 AND event_id = $2 FOR UPDATE`,
          [provider, event.id],
        );
        if (row?.status === 'processed' || row?.status === 'ignored') return { duplicate: true, status: row.status as InboxStatus };
        const status = await this.apply(provider, event, context, tx);
        await tx.query(
          `UPDATE commerce_webhook_events SET status = $3, error = NULL, attempts = attempts + 1, processed_at = now()
            WHERE provider = $1 AND event_id = $2`,
          [provider, event.id, status],
        );
        return { duplicate: false, status };
      });
    } catch (error) {
      if (error instanceof DomainError || error instanceof HttpProblem) {
        await this.dataSource.query(
          `UPDATE commerce_webhook_events SET status = 'rejected', error = $3, attempts = attempts + 1 WHERE provider = $1 AND event_id = $2`,
          [provider, event.id, `${error instanceof DomainError ? error.code : error.code}: ${error.message}`],
        );
      }
      throw error;
    }
  }

  /**
   * A provider speaks only for what was opened with it: an order's payment with the order's provider,
   * a payout with the one it was approved for, a membership charge with the one configured (so whoever
   * holds the sandbox's secret cannot settle a Stripe payment).
   */
  private async apply(provider: ProviderName, event: ProviderEvent, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    const configured = provider === this.config.paymentProvider;
    if (event.type === 'payout.paid' || event.type === 'payout.failed' || event.type === 'payout.reversed' || event.type === 'payout.awaiting_confirmation') {
      return this.applyPayout(provider, event, context, tx);
    }
    if (event.type === 'payout_account.updated') return this.applyPayoutAccountStatus(provider, event, context, tx);
    if (configured && (event.type === 'payment.succeeded' || event.type === 'payment.failed' || event.type === 'payment.charged_back')) {
      const [charge]: { subscription_id: string }[] = await tx.query(
        `SELECT subscription_id FROM commerce_subscription_payments WHERE payment_id = $1`,
        [required(event.data.paymentId, 'paymentId')],
      );
      if (charge && event.type === 'payment.charged_back') return this.applyMembershipChargeback(event, charge.subscription_id, context, tx);
      if (charge) return this.applyMembershipCharge(provider, event, charge.subscription_id, context, tx);
    }
    const command = await this.commandFor(provider, event, tx);
    if (!command) return 'ignored';
    const [order]: { id: string }[] = await tx.query(`SELECT id FROM commerce_orders WHERE payment_id = $1 AND provider = $2`, [
      required(event.data.paymentId, 'paymentId'),
      provider,
    ]);
    if (!order) throw CommerceErrors.paymentNotFound();
    try {
      await this.decisions.execute(orderDecider, { streamId: `order-${order.id}`, streamType: 'order', context, manager: tx, command });
    } catch (error) {
      // A refund or chargeback that overtook its payment: kept until the payment is confirmed.
      if (error instanceof DomainError && error.code === 'COMMERCE.ORDER_NOT_PAID' && (command.type === 'RecordRefund' || command.type === 'RecordChargeback')) {
        return 'deferred';
      }
      throw error;
    }
    return 'processed';
  }

  /** A membership's charge went through or failed: settled on its subscription's stream. */
  private async applyMembershipCharge(provider: ProviderName, event: ProviderEvent, subscriptionId: string, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    const paymentId = event.data.paymentId!;
    const now = new Date().toISOString();
    await this.decisions.execute(subscriptionDecider, {
      streamId: `subscription-${subscriptionId}`,
      streamType: 'subscription',
      context,
      manager: tx,
      command:
        event.type === 'payment.succeeded'
          ? {
              type: 'ConfirmSubscriptionPayment',
              paymentId,
              providerEventId: event.id,
              provider,
              amountCents: required(event.data.amountCents, 'amountCents'),
              currency: required(event.data.currency, 'currency'),
              now,
              commissionBps: await this.commissionOfPlan(subscriptionId, tx),
            }
          : { type: 'FailSubscriptionPayment', paymentId, reason: event.data.reason ?? 'payment failed', now, policy: billingPolicy(this.config) },
    });
    return 'processed';
  }

  /**
   * The member's bank took back a membership's payment: recorded once on its subscription's stream,
   * which ends (see the decider's chargeBack). One that overtook the payment's confirmation waits for it.
   */
  private async applyMembershipChargeback(event: ProviderEvent, subscriptionId: string, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    try {
      await this.decisions.execute(subscriptionDecider, {
        streamId: `subscription-${subscriptionId}`,
        streamType: 'subscription',
        context,
        manager: tx,
        command: {
          type: 'RecordSubscriptionChargeback',
          paymentId: event.data.paymentId!,
          providerEventId: event.id,
          amountCents: required(event.data.amountCents, 'amountCents'),
          now: this.clock.now().toISOString(),
        },
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'COMMERCE.SUBSCRIPTION_PAYMENT_NOT_PAID') return 'deferred';
      throw error;
    }
    return 'processed';
  }

  /** The platform's rate on a creator's plan (a VIP plan's money is all the platform's anyway). */
  private async commissionOfPlan(subscriptionId: string, tx: EntityManager): Promise<number> {
    const [plan]: { creator_id: string | null }[] = await tx.query(
      `SELECT p.scope->>'creatorId' AS creator_id FROM commerce_subscriptions s JOIN commerce_plans p USING (plan_id) WHERE s.subscription_id = $1`,
      [subscriptionId],
    );
    return plan?.creator_id ? this.commissions.forCreator(plan.creator_id, tx) : this.config.platformCommissionBps;
  }

  /** The provider paid a creator, or could not (or its transfer waits for them): settles the payout on its creator's payouts stream. */
  private async applyPayout(provider: ProviderName, event: ProviderEvent, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    const payoutId = required(event.data.payoutId, 'payoutId');
    const [payout]: { creator_id: string; provider: string | null }[] = await tx.query(
      `SELECT creator_id, provider FROM commerce_payouts WHERE payout_id::text = $1`,
      [payoutId],
    );
    if (!payout || (payout.provider ?? this.config.paymentProvider) !== provider) throw CommerceErrors.payoutNotFound();
    await this.decisions.execute(payoutsDecider, {
      streamId: `payouts-${payout.creator_id}`,
      streamType: 'payouts',
      context,
      manager: tx,
      command:
        event.type === 'payout.awaiting_confirmation'
          ? { type: 'RecordPayoutAwaitingConfirmation', payoutId, provider }
          : event.type === 'payout.reversed'
          ? { type: 'RecordPayoutReversal', payoutId, reversedCents: required(event.data.amountCents, 'amountCents'), providerEventId: event.id, reason: event.data.reason ?? 'reversed' }
          : {
              type: 'RecordPayout',
              payoutId,
              outcome: event.type === 'payout.paid' ? 'paid' : 'failed',
              providerEventId: event.id,
              reason: event.data.reason ?? null,
            },
    });
    return 'processed';
  }

  /**
   * The provider says whether it pays out to a creator's account (Stripe's account.updated). The
   * creator is the one we named when the account was made; an account they no longer give changes nothing.
   */
  private async applyPayoutAccountStatus(provider: ProviderName, event: ProviderEvent, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    const { creatorId, objectId: account, payoutsEnabled } = event.data;
    if (!creatorId || !account || payoutsEnabled === undefined) return 'ignored';
    await this.decisions.execute(payoutsDecider, {
      streamId: `payouts-${creatorId}`,
      streamType: 'payouts',
      context,
      manager: tx,
      command: { type: 'RecordPayoutAccountStatus', creatorId, provider, account, payoutsEnabled },
    });
    return 'processed';
  }

  private async commandFor(provider: ProviderName, event: ProviderEvent, tx: EntityManager): Promise<OrderCommand | null> {
    const { data } = event;
    switch (event.type) {
      case 'payment.succeeded': {
        const [order]: { id: string; buyer_id: string; items: { contentId: string }[] }[] = await tx.query(
          `SELECT id, buyer_id, items FROM commerce_orders WHERE payment_id = $1 AND provider = $2`,
          [required(data.paymentId, 'paymentId'), provider],
        );
        // Items the buyer came to hold another way since ordering: paying for them again grants nothing.
        const owned = order ? await ownedElsewhere(tx, order.buyer_id, order.items.map((item) => item.contentId), order.id, this.clock.now()) : [];
        return {
          type: 'ConfirmPayment',
          providerEventId: event.id,
          amountCents: required(data.amountCents, 'amountCents'),
          currency: required(data.currency, 'currency'),
          commissionBps: order ? await this.commissions.forOrder(order.id, tx) : {},
          alreadyOwned: owned,
        };
      }
      case 'payment.failed':
        return { type: 'FailPayment', providerEventId: event.id, reason: data.reason ?? 'payment failed' };
      case 'refund.succeeded':
        return {
          type: 'RecordRefund',
          refundId: required(data.refundId, 'refundId'),
          providerEventId: event.id,
          amountCents: required(data.amountCents, 'amountCents'),
        };
      case 'payment.charged_back':
        return { type: 'RecordChargeback', providerEventId: event.id, amountCents: required(data.amountCents, 'amountCents') };
      default:
        return null; // providers add event types; we keep them, and act on the ones we know
    }
  }

  /** Events that waited for this object's (a payment's) confirmation, applied in the order they came. */
  private async applyDeferred(provider: ProviderName, objectId: string, context: CommandContext): Promise<void> {
    const waiting: { payload: ProviderEvent }[] = await this.dataSource.query(
      `SELECT payload FROM commerce_webhook_events WHERE provider = $1 AND object_id = $2 AND status = 'deferred' ORDER BY received_at`,
      [provider, objectId],
    );
    for (const { payload } of waiting) {
      await this.process(provider, payload, objectId, context).catch((error: unknown) =>
        this.logger.warn(`deferred provider event ${payload.id} could not be applied yet: ${(error as Error).message}`),
      );
    }
  }
}
