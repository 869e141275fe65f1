import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility } from '#platform';
import { GetUserProfile } from '#identity';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { buildReceipt, hasReceipt, type Receipt } from '../domain/receipt.js';
import { ORDER_COLUMNS, type OrderRow, toOrderView } from './order-view.js';

/**
 * The receipt of an order the caller may read (of `buyerId`'s, when given: another buyer's is a
 * 404, as reading it would be); an order that never took money has none (409).
 */
export class GetOrderReceipt extends Query<Receipt> {
  constructor(
    readonly orderId: string,
    readonly buyerId: string | null,
    readonly ability: AppAbility,
  ) {
    super();
  }
}

@QueryHandler(GetOrderReceipt)
export class GetOrderReceiptHandler implements IQueryHandler<GetOrderReceipt> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ orderId, buyerId, ability }: GetOrderReceipt): Promise<Receipt> {
    const visible = abilityToSql(ability, 'read', 'Order', ORDER_COLUMNS);
    const row = await this.dataSource
      .createQueryBuilder()
      .select('o.*')
      .from('commerce_orders', 'o')
      .where('o.id = :orderId AND (CAST(:buyerId AS uuid) IS NULL OR o.buyer_id = :buyerId)', { orderId, buyerId })
      .andWhere(visible.sql, visible.params)
      .getRawOne<OrderRow>();
    if (!row) throw CommerceErrors.orderNotFound();
    if (!hasReceipt(row.status)) throw CommerceErrors.receiptNotAvailable(row.status);
    const refunds: { refund_id: string; refunded_cents: string; refunded_at: Date }[] = await this.dataSource.query(
      `SELECT refund_id, refunded_cents, refunded_at FROM commerce_refunds
        WHERE order_id = $1 AND status = 'refunded' ORDER BY refunded_at, refund_id`,
      [orderId],
    );
    const buyer = await this.queries.execute(new GetUserProfile(row.buyer_id));
    const order = toOrderView(row);
    return buildReceipt({
      orderId: order.id,
      status: order.status,
      createdAt: row.created_at,
      paidAt: row.paid_at,
      currency: order.currency,
      items: order.items,
      coupon: order.coupon,
      bundle: order.bundle ? { title: order.bundle.title } : null,
      totalCents: order.totalCents,
      provider: order.payment.provider,
      paymentId: order.payment.id,
      refunds: refunds.map((refund) => ({ refundId: refund.refund_id, refundedCents: Number(refund.refunded_cents), refundedAt: refund.refunded_at })),
      buyer: { id: buyer.id, displayName: buyer.displayName, email: buyer.email },
    });
  }
}
