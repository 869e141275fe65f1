import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '#platform';
import { activeGrant, coveringMembership } from '../access/active-grant.js';

/** Which of `contentIds` this user may read now (by a grant or a membership). For other domains. */
export class GetAccessibleContentIds extends Query<string[]> {
  constructor(
    readonly userId: string,
    readonly contentIds: readonly string[],
  ) {
    super();
  }
}

/** Which contents this user owns: holds an active grant for (bought, granted); a membership's coverage is not ownership. */
export class GetOwnedContentIds extends Query<string[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetAccessibleContentIds)
export class GetAccessibleContentIdsHandler implements IQueryHandler<GetAccessibleContentIds> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetAccessibleContentIds): Promise<string[]> {
    const rows: { content_id: string }[] = await this.dataSource.query(
      `SELECT p.content_id FROM commerce_products p
        WHERE p.content_id = ANY($2::uuid[])
          AND (EXISTS (SELECT 1 FROM commerce_access_grants g WHERE g.user_id = $1 AND g.content_id = p.content_id AND ${activeGrant('$3')})
            OR EXISTS (SELECT 1 FROM commerce_subscription_access m WHERE m.user_id = $1 AND ${coveringMembership('$3')}))`,
      [query.userId, [...query.contentIds], this.clock.now().toISOString()],
    );
    return rows.map((row) => row.content_id);
  }
}

@QueryHandler(GetOwnedContentIds)
export class GetOwnedContentIdsHandler implements IQueryHandler<GetOwnedContentIds> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetOwnedContentIds): Promise<string[]> {
    const rows: { content_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT g.content_id FROM commerce_access_grants g WHERE g.user_id = $1 AND ${activeGrant('$2')}`,
      [query.userId, this.clock.now().toISOString()],
    );
    return rows.map((row) => row.content_id);
  }
}
