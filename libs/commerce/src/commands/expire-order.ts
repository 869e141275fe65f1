import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions } from '#platform';
import { orderDecider } from '../domain/order.js';

/** Ends an order nobody paid within its window; run by the worker when the window closes. */
export class ExpireOrder extends Command<{ expired: boolean }> {
  constructor(
    readonly orderId: string,
    readonly context: CommandContext,
    readonly now: Date = new Date(),
  ) {
    super();
  }
}

@CommandHandler(ExpireOrder)
export class ExpireOrderHandler implements ICommandHandler<ExpireOrder> {
  constructor(private readonly decisions: Decisions) {}

  async execute(command: ExpireOrder): Promise<{ expired: boolean }> {
    const { events } = await this.decisions.execute(orderDecider, {
      streamId: `order-${command.orderId}`,
      streamType: 'order',
      context: command.context,
      command: { type: 'ExpireOrder', now: command.now.toISOString() },
    });
    return { expired: events.length > 0 };
  }
}
