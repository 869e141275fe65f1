import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { ORDER_COLUMNS, type OrderRow, type OrderView, toOrderView } from './order-view.js';

/** One order, if the caller's ability lets them read it; anyone else's is a 404, not a 403. */
export class GetOrder extends Query<OrderView> {
  constructor(
    readonly orderId: string,
    readonly ability: AppAbility,
  ) {
    super();
  }
}

@QueryHandler(GetOrder)
export class GetOrderHandler implements IQueryHandler<GetOrder> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetOrder): Promise<OrderView> {
    const visible = abilityToSql(query.ability, 'read', 'Order', ORDER_COLUMNS);
    const row = await this.dataSource
      .createQueryBuilder()
      .select('o.*')
      .from('commerce_orders', 'o')
      .where('o.id = :orderId', { orderId: query.orderId })
      .andWhere(visible.sql, visible.params)
      .getRawOne<OrderRow>();
    if (!row) throw CommerceErrors.orderNotFound();
    return toOrderView(row);
  }
}
