import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACTIVE_GRANT } from '../access/active-grant.js';

/** Which of `contentIds` (or, if omitted, which contents at all) this user may read now. For other domains. */
export class GetAccessibleContentIds extends Query<string[]> {
  constructor(
    readonly userId: string,
    readonly contentIds?: readonly string[],
  ) {
    super();
  }
}

@QueryHandler(GetAccessibleContentIds)
export class GetAccessibleContentIdsHandler implements IQueryHandler<GetAccessibleContentIds> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetAccessibleContentIds): Promise<string[]> {
    const rows: { content_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT g.content_id FROM commerce_access_grants g
        WHERE g.user_id = $1 AND ($2::uuid[] IS NULL OR g.content_id = ANY($2::uuid[])) AND ${ACTIVE_GRANT}`,
      [query.userId, query.contentIds ? [...query.contentIds] : null],
    );
    return rows.map((row) => row.content_id);
  }
}
