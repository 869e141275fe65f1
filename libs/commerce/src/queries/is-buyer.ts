import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Did this user pay for this item: do they hold, or did they hold, access from a paid order of it
 * (bought alone or in a bundle, or given back when a dispute of its chargeback was won) that no refund or chargeback took back? Access that ran out keeps
 * a buyer a buyer; access that cost nothing (free, staff, a coupon that paid it all) or came with a
 * membership does not make one. For other domains (reviews are written by buyers only).
 */
export class IsBuyer extends Query<boolean> {
  constructor(
    readonly userId: string,
    readonly contentId: string,
  ) {
    super();
  }
}

@QueryHandler(IsBuyer)
export class IsBuyerHandler implements IQueryHandler<IsBuyer> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: IsBuyer): Promise<boolean> {
    const [{ ok }]: { ok: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM commerce_access_grants g
                       WHERE g.user_id = $1 AND g.content_id = $2 AND g.source_type IN ('order-item', 'bundle', 'order-reinstated') AND g.revoked_at IS NULL) AS ok`,
      [query.userId, query.contentId],
    );
    return ok;
  }
}
