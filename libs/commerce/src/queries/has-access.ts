import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACTIVE_GRANT } from '../access/active-grant.js';

/** May this user read this content in full now (an active grant of any source)? For other domains' access checks. */
export class HasAccess extends Query<boolean> {
  constructor(
    readonly userId: string,
    readonly contentId: string,
  ) {
    super();
  }
}

@QueryHandler(HasAccess)
export class HasAccessHandler implements IQueryHandler<HasAccess> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: HasAccess): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM commerce_access_grants g WHERE g.user_id = $1 AND g.content_id = $2 AND ${ACTIVE_GRANT} LIMIT 1`,
      [query.userId, query.contentId],
    );
    return rows.length > 0;
  }
}
