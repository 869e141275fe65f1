import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';

export interface EntitlementView {
  contentId: string;
  title: string;
  orderId: string;
  grantedAt: string;
}

interface EntitlementRow {
  content_id: string;
  title: string;
  order_id: string;
  granted_at: Date;
}

/** What the caller may read in full, newest grant first. */
export class GetMyEntitlements extends Query<{ items: EntitlementView[]; nextCursor: string | null }> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetMyEntitlements)
export class GetMyEntitlementsHandler implements IQueryHandler<GetMyEntitlements> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetMyEntitlements): Promise<{ items: EntitlementView[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows: EntitlementRow[] = await this.dataSource.query(
      `SELECT e.content_id, p.title, e.order_id, e.granted_at
         FROM commerce_entitlements e JOIN commerce_products p ON p.content_id = e.content_id
        WHERE e.user_id = $1
          AND ($2::timestamptz IS NULL OR (e.granted_at, e.content_id) < ($2::timestamptz, $3::uuid))
        ORDER BY e.granted_at DESC, e.content_id DESC
        LIMIT $4`,
      [query.userId, after?.[0] ?? null, after?.[1] ?? null, query.limit + 1],
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({ contentId: row.content_id, title: row.title, orderId: row.order_id, grantedAt: row.granted_at.toISOString() }),
      (row) => [row.granted_at.toISOString(), row.content_id],
    );
  }
}
