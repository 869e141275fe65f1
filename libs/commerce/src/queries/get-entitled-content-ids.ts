import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Which of `contentIds` (or, if omitted, which contents at all) this user owns. For other domains. */
export class GetEntitledContentIds extends Query<string[]> {
  constructor(
    readonly userId: string,
    readonly contentIds?: readonly string[],
  ) {
    super();
  }
}

@QueryHandler(GetEntitledContentIds)
export class GetEntitledContentIdsHandler implements IQueryHandler<GetEntitledContentIds> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetEntitledContentIds): Promise<string[]> {
    const rows: { content_id: string }[] = await this.dataSource.query(
      `SELECT content_id FROM commerce_entitlements
        WHERE user_id = $1 AND ($2::uuid[] IS NULL OR content_id = ANY($2::uuid[]))`,
      [query.userId, query.contentIds ? [...query.contentIds] : null],
    );
    return rows.map((row) => row.content_id);
  }
}
