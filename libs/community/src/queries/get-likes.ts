import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LikeTargetKind } from '../domain/community-events.js';

export interface LikesView {
  likes: number;
  likedByMe: boolean;
}

/** How many like a target, and whether the viewer does. The caller checks the viewer may see the target. */
export class GetLikes extends Query<LikesView> {
  constructor(
    readonly targetKind: LikeTargetKind,
    readonly targetId: string,
    readonly viewerId: string | null,
  ) {
    super();
  }
}

@QueryHandler(GetLikes)
export class GetLikesHandler implements IQueryHandler<GetLikes> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ targetKind, targetId, viewerId }: GetLikes): Promise<LikesView> {
    const [row]: { likes: number; liked_by_me: boolean }[] = await this.dataSource.query(
      `SELECT coalesce((SELECT likes FROM community_like_counts WHERE target_kind = $1 AND target_id = $2), 0) AS likes,
              EXISTS (SELECT 1 FROM community_likes WHERE target_kind = $1 AND target_id = $2 AND user_id = $3::uuid) AS liked_by_me`,
      [targetKind, targetId, viewerId],
    );
    return { likes: row!.likes, likedByMe: row!.liked_by_me };
  }
}
