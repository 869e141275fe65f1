import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, type CommandContext, Decisions, DomainError, HttpProblem } from '#platform';
import { ACTIVE_GRANT, ORDER_GRANT_SOURCES } from '../access/active-grant.js';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { type OrderCommand, orderDecider } from '../domain/order.js';
import { payoutsDecider } from '../domain/payouts.js';
import { subscriptionDecider } from '../domain/subscription.js';
import { CommissionRatesLookup } from '../queries/commission-rates.js';
import { billingPolicy } from './subscriptions.js';

/** A sandbox provider event as it arrives; which `data` fields it needs depends on its type. */
export interface SandboxProviderEvent {
  id: string;
  type: string;
  data: { paymentId?: string; payoutId?: string; amountCents?: number; currency?: string; reason?: string; refundId?: string };
}

/** The provider object an event is about: a payment (its refunds included) or a payout. */
const objectOf = (event: SandboxProviderEvent) => event.data.paymentId ?? event.data.payoutId ?? null;

/** What became of an event: applied, waiting for one it depends on, or of a type we do not act on. */
export type InboxStatus = 'processed' | 'deferred' | 'ignored';

/** A provider event whose signature the HTTP edge has verified (SandboxSignatureGuard). */
export class ReceiveSandboxWebhook extends Command<{ duplicate: boolean; status: InboxStatus }> {
  constructor(
    readonly event: SandboxProviderEvent,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const required = <T>(value: T | undefined, field: string): T => {
  if (value === undefined) {
    throw HttpProblem.forFields(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
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
@CommandHandler(ReceiveSandboxWebhook)
export class ReceiveSandboxWebhookHandler implements ICommandHandler<ReceiveSandboxWebhook> {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly decisions: Decisions,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commissions: CommissionRatesLookup,
  ) {}

  async execute({ event, context }: ReceiveSandboxWebhook): Promise<{ duplicate: boolean; status: InboxStatus }> {
    const objectId = objectOf(event);
    if (objectId === null) required(undefined, 'paymentId');
    await this.dataSource.query(
      `INSERT INTO commerce_webhook_events (provider, event_id, type, object_id, payload) VALUES ('sandbox', $1, $2, $3, $4::jsonb)
       ON CONFLICT (provider, event_id) DO NOTHING`,
      [event.id, event.type, objectId, JSON.stringify(event)],
    );
    const outcome = await this.process(event, objectId!, context);
    if (!outcome.duplicate && outcome.status === 'processed') await this.applyDeferred(objectId!, context);
    return outcome;
  }

  /** Applies a stored event unless it was applied already; records what became of it. */
  private async process(event: SandboxProviderEvent, objectId: string, context: CommandContext): Promise<{ duplicate: boolean; status: InboxStatus }> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        // Events about one payment or payout apply one at a time: two deliveries of its success under
        // different event ids would otherwise race on its stream, and one would answer 409.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`webhook-object:${objectId}`]);
        const [row]: { status: string }[] = await tx.query(
          `SELECT status FROM commerce_webhook_events WHERE provider = 'sandbox' AND event_id = $1 FOR UPDATE`,
          [event.id],
        );
        if (row?.status === 'processed' || row?.status === 'ignored') return { duplicate: true, status: row.status as InboxStatus };
        const status = await this.apply(event, context, tx);
        await tx.query(
          `UPDATE commerce_webhook_events SET status = $2, error = NULL, attempts = attempts + 1, processed_at = now()
            WHERE provider = 'sandbox' AND event_id = $1`,
          [event.id, status],
        );
        return { duplicate: false, status };
      });
    } catch (error) {
      if (error instanceof DomainError || error instanceof HttpProblem) {
        await this.dataSource.query(
          `UPDATE commerce_webhook_events SET status = 'rejected', error = $2, attempts = attempts + 1 WHERE provider = 'sandbox' AND event_id = $1`,
          [event.id, `${error instanceof DomainError ? error.code : error.code}: ${error.message}`],
        );
      }
      throw error;
    }
  }

  private async apply(event: SandboxProviderEvent, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    if (event.type === 'payout.paid' || event.type === 'payout.failed') return this.applyPayout(event, context, tx);
    if (event.type === 'payment.succeeded' || event.type === 'payment.failed') {
      const [charge]: { subscription_id: string }[] = await tx.query(
        `SELECT subscription_id FROM commerce_subscription_payments WHERE payment_id = $1`,
        [required(event.data.paymentId, 'paymentId')],
      );
      if (charge) return this.applyMembershipCharge(event, charge.subscription_id, context, tx);
    }
    const command = await this.commandFor(event, tx);
    if (!command) return 'ignored';
    const [order]: { id: string }[] = await tx.query(`SELECT id FROM commerce_orders WHERE payment_id = $1`, [
      required(event.data.paymentId, 'paymentId'),
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
  private async applyMembershipCharge(event: SandboxProviderEvent, subscriptionId: string, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
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
              amountCents: required(event.data.amountCents, 'amountCents'),
              currency: required(event.data.currency, 'currency'),
              now,
              commissionBps: await this.commissionOfPlan(subscriptionId, tx),
            }
          : { type: 'FailSubscriptionPayment', paymentId, reason: event.data.reason ?? 'payment failed', now, policy: billingPolicy(this.config) },
    });
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

  /** The provider paid a creator, or could not: settles the payout on its creator's payouts stream. */
  private async applyPayout(event: SandboxProviderEvent, context: CommandContext, tx: EntityManager): Promise<InboxStatus> {
    const payoutId = required(event.data.payoutId, 'payoutId');
    const [payout]: { creator_id: string }[] = await tx.query(`SELECT creator_id FROM commerce_payouts WHERE payout_id::text = $1`, [payoutId]);
    if (!payout) throw CommerceErrors.payoutNotFound();
    await this.decisions.execute(payoutsDecider, {
      streamId: `payouts-${payout.creator_id}`,
      streamType: 'payouts',
      context,
      manager: tx,
      command: {
        type: 'RecordPayout',
        payoutId,
        outcome: event.type === 'payout.paid' ? 'paid' : 'failed',
        providerEventId: event.id,
        reason: event.data.reason ?? null,
      },
    });
    return 'processed';
  }

  private async commandFor(event: SandboxProviderEvent, tx: EntityManager): Promise<OrderCommand | null> {
    const { data } = event;
    switch (event.type) {
      case 'payment.succeeded': {
        const [order]: { id: string; buyer_id: string; items: { contentId: string }[] }[] = await tx.query(
          `SELECT id, buyer_id, items FROM commerce_orders WHERE payment_id = $1`,
          [required(data.paymentId, 'paymentId')],
        );
        // Items the buyer came to hold another way since ordering: paying for them again grants nothing.
        const owned: { content_id: string }[] = order
          ? await tx.query(
              `SELECT DISTINCT g.content_id FROM commerce_access_grants g
                WHERE g.user_id = $1 AND g.content_id = ANY($2::uuid[]) AND ${ACTIVE_GRANT}
                  AND NOT (g.source_type IN ${ORDER_GRANT_SOURCES} AND g.source_id = $3::text)`,
              [order.buyer_id, order.items.map((item) => item.contentId), order.id],
            )
          : [];
        return {
          type: 'ConfirmPayment',
          providerEventId: event.id,
          amountCents: required(data.amountCents, 'amountCents'),
          currency: required(data.currency, 'currency'),
          commissionBps: order ? await this.commissions.forOrder(order.id, tx) : {},
          alreadyOwned: owned.map((row) => row.content_id),
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
  private async applyDeferred(objectId: string, context: CommandContext): Promise<void> {
    const waiting: { payload: SandboxProviderEvent }[] = await this.dataSource.query(
      `SELECT payload FROM commerce_webhook_events WHERE provider = 'sandbox' AND object_id = $1 AND status = 'deferred' ORDER BY received_at`,
      [objectId],
    );
    for (const { payload } of waiting) {
      await this.process(payload, objectId, context).catch((error: unknown) =>
        this.logger.warn(`deferred provider event ${payload.id} could not be applied yet: ${(error as Error).message}`),
      );
    }
  }
}
