import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Inject } from '@nestjs/common';
import { AbilityFactory, APP_CONFIG, type AppConfig, type CommandContext, Decisions, requireStepUp } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { orderDecider } from '../domain/order.js';

export type RefundDecision = { type: 'approve'; amountCents: number | null } | { type: 'reject'; reason: string };

/**
 * Finance approves (all that was asked, or less) or rejects a refund request. An approval is the
 * instruction to the provider; the money moves when the provider confirms it (refund webhook).
 */
export class DecideRefund extends Command<{ orderId: string }> {
  constructor(
    readonly refundId: string,
    readonly decision: RefundDecision,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DecideRefund)
export class DecideRefundHandler implements ICommandHandler<DecideRefund> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: DecideRefund): Promise<{ orderId: string }> {
    const reviewer = this.abilities.require(command.context.actor, 'decide', 'Refund');
    const [refund]: { order_id: string; requested_cents: string | null }[] = await this.dataSource.query(
      `SELECT order_id, requested_cents FROM commerce_refunds WHERE refund_id = $1`,
      [command.refundId],
    );
    if (!refund) throw CommerceErrors.refundNotFound();
    const { decision } = command;
    // Sending a large sum back needs a second factor passed moments ago.
    if (decision.type === 'approve' && (decision.amountCents ?? Number(refund.requested_cents ?? 0)) >= this.config.refundStepUpCents) {
      requireStepUp(reviewer, this.config.stepUpMaxAgeSeconds);
    }
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(orderDecider, {
        streamId: `order-${refund.order_id}`,
        streamType: 'order',
        context: command.context,
        command:
          decision.type === 'approve'
            ? { type: 'ApproveRefund', refundId: command.refundId, reviewerId: reviewer.userId, amountCents: decision.amountCents }
            : { type: 'RejectRefund', refundId: command.refundId, reviewerId: reviewer.userId, reason: decision.reason },
      }),
    );
    return { orderId: refund.order_id };
  }
}
