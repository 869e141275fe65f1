import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions, nameBasedUuid } from '#platform';
import { orderDecider } from '../domain/order.js';

/** Namespace of the one platform-approved refund an order can have (derived from the order id). */
const UNDELIVERED_REFUND_NAMESPACE = '0f4e9b1c-7d2a-4c6e-8b3f-5a1d2e9c7b40';

/**
 * Another domain's word that what an order paid for was not delivered (consulting: a paid question
 * nobody answered in time). Everything left on the order goes back through the usual refund path:
 * requested and approved at once by the platform, then the worker asks the provider, and the
 * ledger is reversed when the provider confirms. One such refund per order however often this
 * runs (its id derives from the order), so callers may repeat it freely. For trusted callers only:
 * no route sends it.
 */
export class RefundUndeliveredOrder extends Command<{ refundId: string }> {
  constructor(
    readonly orderId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RefundUndeliveredOrder)
export class RefundUndeliveredOrderHandler implements ICommandHandler<RefundUndeliveredOrder> {
  constructor(private readonly decisions: Decisions) {}

  async execute({ orderId, reason, context }: RefundUndeliveredOrder): Promise<{ refundId: string }> {
    const refundId = nameBasedUuid(UNDELIVERED_REFUND_NAMESPACE, orderId);
    await this.decisions.execute(orderDecider, {
      streamId: `order-${orderId}`,
      streamType: 'order',
      context,
      command: { type: 'RefundUndelivered', refundId, reason },
    });
    return { refundId };
  }
}
