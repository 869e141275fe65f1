import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Does this user own this content (a paid order granted it)? For other domains' access checks. */
export class HasEntitlement extends Query<boolean> {
  constructor(
    readonly userId: string,
    readonly contentId: string,
  ) {
    super();
  }
}

@QueryHandler(HasEntitlement)
export class HasEntitlementHandler implements IQueryHandler<HasEntitlement> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: HasEntitlement): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM commerce_entitlements WHERE user_id = $1 AND content_id = $2`,
      [query.userId, query.contentId],
    );
    return rows.length > 0;
  }
}
