import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import type { FollowTargetType } from '../domain/social-events.js';

export interface FollowView {
  targetType: FollowTargetType;
  targetId: string;
  followedAt: string;
}

/** What the caller follows, latest first. */
export class ListMyFollows extends Query<{ items: FollowView[]; nextCursor: string | null }> {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

interface FollowRow {
  target_type: FollowTargetType;
  target_id: string;
  followed_at: Date;
}

@QueryHandler(ListMyFollows)
export class ListMyFollowsHandler implements IQueryHandler<ListMyFollows> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ userId, limit, cursor }: ListMyFollows): Promise<{ items: FollowView[]; nextCursor: string | null }> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: FollowRow[] = await this.dataSource.query(
      `SELECT target_type, target_id, followed_at FROM social_follows
        WHERE follower_id = $1 AND ($2::timestamptz IS NULL OR (followed_at, target_id) < ($2::timestamptz, $3::uuid))
        ORDER BY followed_at DESC, target_id DESC LIMIT $4`,
      [userId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({ targetType: row.target_type, targetId: row.target_id, followedAt: row.followed_at.toISOString() }),
      (row) => [row.followed_at.toISOString(), row.target_id],
    );
  }
}
