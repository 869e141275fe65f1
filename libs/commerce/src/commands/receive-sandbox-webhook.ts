import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type CommandContext, Decisions } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { ACTIVE_GRANT } from '../access/active-grant.js';
import { orderDecider } from '../domain/order.js';

export interface SandboxPaymentEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.failed';
  data: { paymentId: string; amountCents: number; currency: string; reason?: string };
}

/** A provider event whose signature the HTTP edge has verified (SandboxSignatureGuard). */
export class ReceiveSandboxWebhook extends Command<{ duplicate: boolean }> {
  constructor(
    readonly event: SandboxPaymentEvent,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Applies a signed provider event exactly once: the event id is recorded in the same transaction
 * as the order's new events, so a redelivery finds it and changes nothing, and a refused event
 * (bad amount, unknown payment) records nothing at all. Money that arrives for an order that can
 * no longer be paid, or for items the buyer already holds, is recorded as owed back, never refused.
 */
@CommandHandler(ReceiveSandboxWebhook)
export class ReceiveSandboxWebhookHandler implements ICommandHandler<ReceiveSandboxWebhook> {
  constructor(
    private readonly decisions: Decisions,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: ReceiveSandboxWebhook): Promise<{ duplicate: boolean }> {
    const { event } = command;
    return this.dataSource.transaction(async (tx) => {
      const recorded: unknown[] = await tx.query(
        `INSERT INTO commerce_webhook_events (provider, event_id, type, payment_id) VALUES ('sandbox', $1, $2, $3)
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.type, event.data.paymentId],
      );
      if (recorded.length === 0) return { duplicate: true };
      const [order]: { id: string; buyer_id: string; items: { contentId: string }[] }[] = await tx.query(
        `SELECT id, buyer_id, items FROM commerce_orders WHERE payment_id = $1`,
        [event.data.paymentId],
      );
      if (!order) throw CommerceErrors.paymentNotFound();
      // Items the buyer came to hold another way since ordering: paying for them again grants nothing.
      const owned: { content_id: string }[] = await tx.query(
        `SELECT DISTINCT g.content_id FROM commerce_access_grants g
          WHERE g.user_id = $1 AND g.content_id = ANY($2::uuid[]) AND ${ACTIVE_GRANT}
            AND NOT (g.source_type = 'order-item' AND g.source_id = $3::text)`,
        [order.buyer_id, order.items.map((item) => item.contentId), order.id],
      );
      await this.decisions.execute(orderDecider, {
        streamId: `order-${order.id}`,
        streamType: 'order',
        context: command.context,
        manager: tx,
        command:
          event.type === 'payment.succeeded'
            ? {
                type: 'ConfirmPayment',
                providerEventId: event.id,
                amountCents: event.data.amountCents,
                currency: event.data.currency,
                commissionBps: this.config.platformCommissionBps,
                alreadyOwned: owned.map((row) => row.content_id),
              }
            : { type: 'FailPayment', providerEventId: event.id, reason: event.data.reason ?? 'payment failed' },
      });
      return { duplicate: false };
    });
  }
}
