import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { abilityToSql, type AppAbility, decodeCursor, toPage } from '#platform';
import { ORDER_COLUMNS, type OrderRow, type OrderView, toOrderView } from './order-view.js';

/** The caller's own orders, newest first (the CASL read rule is applied too, belt and braces). */
export class GetMyOrders extends Query<{ items: OrderView[]; nextCursor: string | null }> {
  constructor(
    readonly buyerId: string,
    readonly ability: AppAbility,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetMyOrders)
export class GetMyOrdersHandler implements IQueryHandler<GetMyOrders> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetMyOrders): Promise<{ items: OrderView[]; nextCursor: string | null }> {
    const visible = abilityToSql(query.ability, 'read', 'Order', ORDER_COLUMNS);
    const builder = this.dataSource
      .createQueryBuilder()
      .select('o.*')
      .from('commerce_orders', 'o')
      .where('o.buyer_id = :buyerId', { buyerId: query.buyerId })
      .andWhere(visible.sql, visible.params)
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(query.limit + 1);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (after) {
      builder.andWhere('(o.created_at, o.id) < (CAST(:afterCreatedAt AS timestamptz), CAST(:afterId AS uuid))', {
        afterCreatedAt: after[0],
        afterId: after[1],
      });
    }
    const rows = await builder.getRawMany<OrderRow>();
    return toPage(rows, query.limit, toOrderView, (row) => [row.created_at.toISOString(), row.id]);
  }
}
