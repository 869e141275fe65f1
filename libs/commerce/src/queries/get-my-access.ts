import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, decodeCursor, toPage } from '#platform';
import { activeGrant } from '../access/active-grant.js';

export interface AccessGrantView {
  source: string;
  sourceId: string;
  validFrom: string;
  validTo: string | null;
}

/** One item the caller may read, and every grant that lets them. */
export interface AccessView {
  contentId: string;
  title: string;
  /** When access first began, of the grants active now. */
  grantedAt: string;
  /** When the last active grant ends; null while one has no end. */
  accessUntil: string | null;
  grants: AccessGrantView[];
}

interface AccessRow {
  content_id: string;
  title: string;
  granted_at: Date;
  access_until: Date | null;
  grants: { source: string; sourceId: string; validFrom: string; validTo: string | null }[];
}

/** What the caller may read now, newest access first. */
export class GetMyAccess extends Query<{ items: AccessView[]; nextCursor: string | null }> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetMyAccess)
export class GetMyAccessHandler implements IQueryHandler<GetMyAccess> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetMyAccess): Promise<{ items: AccessView[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows: AccessRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT g.content_id, p.title, min(g.valid_from) AS granted_at,
                CASE WHEN bool_or(g.valid_to IS NULL) THEN NULL ELSE max(g.valid_to) END AS access_until,
                jsonb_agg(jsonb_build_object('source', g.source_type, 'sourceId', g.source_id,
                          'validFrom', g.valid_from, 'validTo', g.valid_to) ORDER BY g.valid_from, g.source_type, g.source_id) AS grants
           FROM commerce_access_grants g JOIN commerce_products p ON p.content_id = g.content_id
          WHERE g.user_id = $1 AND ${activeGrant('$5')}
          GROUP BY g.content_id, p.title
       ) access
       WHERE $2::timestamptz IS NULL OR (granted_at, content_id) < ($2::timestamptz, $3::uuid)
       ORDER BY granted_at DESC, content_id DESC
       LIMIT $4`,
      [query.userId, after?.[0] ?? null, after?.[1] ?? null, query.limit + 1, this.clock.now().toISOString()],
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({
        contentId: row.content_id,
        title: row.title,
        grantedAt: row.granted_at.toISOString(),
        accessUntil: row.access_until?.toISOString() ?? null,
        grants: row.grants.map((grant) => ({
          ...grant,
          validFrom: new Date(grant.validFrom).toISOString(),
          validTo: grant.validTo ? new Date(grant.validTo).toISOString() : null,
        })),
      }),
      (row) => [row.granted_at.toISOString(), row.content_id],
    );
  }
}
