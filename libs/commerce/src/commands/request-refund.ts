import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, asSubject, type CommandContext, Decisions, nameBasedUuid } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { orderDecider } from '../domain/order.js';

/** Namespace of refund ids derived from (buyer, order, Idempotency-Key). */
const REFUND_ID_NAMESPACE = '8d2c7a31-51f4-4b07-9c0e-2f6b1d9e4a53';

/** A buyer asks for their money back (all that is left, or part of it), within the operator's window. */
export class RequestRefund extends Command<{ refundId: string }> {
  constructor(
    readonly orderId: string,
    readonly amountCents: number | null,
    readonly reason: string,
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestRefund)
export class RequestRefundHandler implements ICommandHandler<RequestRefund> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RequestRefund): Promise<{ refundId: string }> {
    const actor = this.abilities.require(command.context.actor, 'requestRefund', 'Order');
    const refundId = nameBasedUuid(REFUND_ID_NAMESPACE, `${actor.userId}\n${command.orderId}\n${command.idempotencyKey}`);
    const [order]: { paid_at: Date | null }[] = await this.dataSource.query(`SELECT paid_at FROM commerce_orders WHERE id = $1`, [
      command.orderId,
    ]);
    const lessonsOpened: { contentId: string; opened: number; of: number }[] = await this.dataSource.query(
      `SELECT l.content_id AS "contentId", count(*)::int AS opened, max(l.lesson_count)::int AS "of"
         FROM commerce_orders o CROSS JOIN jsonb_array_elements(o.items) AS item
         JOIN commerce_lessons_opened l ON l.user_id = $2 AND l.content_id = (item->>'contentId')::uuid
        WHERE o.id = $1
        GROUP BY l.content_id`,
      [command.orderId, actor.userId],
    );
    // A request that raced another change of the order is decided again on what it now holds (up to
    // three times), so the buyer hears the real reason (a refund already asked for), not that the
    // record moved under them.
    await this.decisions.redecideOnConflict(
      () =>
        this.decisions.execute(orderDecider, {
          streamId: `order-${command.orderId}`,
          streamType: 'order',
          context: command.context,
          // Anyone else's order does not exist, as far as this caller is told.
          authorize: (state) => {
            if (state.status === 'none' || !this.abilities.forActor(actor).can('requestRefund', asSubject('Order', { buyerId: state.buyerId }))) {
              throw CommerceErrors.orderNotFound();
            }
          },
          command: {
            type: 'RequestRefund',
            refundId,
            buyerId: actor.userId,
            amountCents: command.amountCents,
            reason: command.reason,
            now: new Date().toISOString(),
            paidAt: (order?.paid_at ?? new Date()).toISOString(),
            windowDays: this.config.refundWindowDays,
            lessonsOpened,
            maxOpenedPercent: this.config.refundMaxLessonsOpenedPercent,
          },
        }),
      3,
    );
    return { refundId };
  }
}
