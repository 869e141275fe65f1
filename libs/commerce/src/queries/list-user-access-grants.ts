import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, decodeCursor, toPage } from '#platform';
import { activeGrant } from '../access/active-grant.js';

/** One grant as staff see it: where it came from, when, whether it is active now, and why it ended. */
export interface AccessGrantRecord {
  source: string;
  sourceId: string;
  contentId: string;
  title: string;
  validFrom: string;
  validTo: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  activeNow: boolean;
}

/** Every grant a user ever held, newest first (for support: why can, or can't, this learner read that?). */
export class ListUserAccessGrants extends Query<{ items: AccessGrantRecord[]; nextCursor: string | null }> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListUserAccessGrants)
export class ListUserAccessGrantsHandler implements IQueryHandler<ListUserAccessGrants> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, limit, cursor }: ListUserAccessGrants): Promise<{ items: AccessGrantRecord[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'key', 'key', 'uuid']);
    const rows: {
      granted_at: Date;
      source_type: string;
      source_id: string;
      content_id: string;
      title: string;
      valid_from: Date;
      valid_to: Date | null;
      revoked_at: Date | null;
      revoked_reason: string | null;
      active_now: boolean;
    }[] = await this.dataSource.query(
      `SELECT g.granted_at, g.source_type, g.source_id, g.content_id, p.title, g.valid_from, g.valid_to, g.revoked_at, g.revoked_reason,
              ${activeGrant('$7')} AS active_now
         FROM commerce_access_grants g JOIN commerce_products p ON p.content_id = g.content_id
        WHERE g.user_id = $1
          AND ($2::timestamptz IS NULL OR (g.granted_at, g.source_type, g.source_id, g.content_id) < ($2::timestamptz, $3::text, $4::text, $5::uuid))
        ORDER BY g.granted_at DESC, g.source_type DESC, g.source_id DESC, g.content_id DESC
        LIMIT $6`,
      [userId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, after?.[3] ?? null, limit + 1, this.clock.now().toISOString()],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        source: row.source_type,
        sourceId: row.source_id,
        contentId: row.content_id,
        title: row.title,
        validFrom: row.valid_from.toISOString(),
        validTo: row.valid_to?.toISOString() ?? null,
        revokedAt: row.revoked_at?.toISOString() ?? null,
        revokedReason: row.revoked_reason,
        activeNow: row.active_now,
      }),
      (row) => [row.granted_at.toISOString(), row.source_type, row.source_id, row.content_id],
    );
  }
}
