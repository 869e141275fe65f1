import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { couponDecider } from '../domain/coupon.js';

/** The order that held a coupon's redemption failed or expired: give the redemption back. Run by the worker. */
export class ReleaseCouponRedemption extends Command<{ released: boolean }> {
  constructor(
    readonly orderId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReleaseCouponRedemption)
export class ReleaseCouponRedemptionHandler implements ICommandHandler<ReleaseCouponRedemption> {
  constructor(
    private readonly decisions: Decisions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ReleaseCouponRedemption): Promise<{ released: boolean }> {
    const [order]: { coupon: { couponId: string } | null }[] = await this.dataSource.query(`SELECT coupon FROM commerce_orders WHERE id = $1`, [
      command.orderId,
    ]);
    if (!order?.coupon) return { released: false };
    const { events } = await this.decisions.execute(couponDecider, {
      streamId: `coupon-${order.coupon.couponId}`,
      streamType: 'coupon',
      context: command.context,
      command: { type: 'ReleaseRedemption', orderId: command.orderId },
    });
    return { released: events.length > 0 };
  }
}
