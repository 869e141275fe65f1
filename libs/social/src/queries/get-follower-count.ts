import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FollowTargetType } from '../domain/social-events.js';

/** How many follow a creator or a column (public: a count says nothing of who). */
export class GetFollowerCount extends Query<number> {
  constructor(
    readonly targetType: FollowTargetType,
    readonly targetId: string,
  ) {
    super();
  }
}

@QueryHandler(GetFollowerCount)
export class GetFollowerCountHandler implements IQueryHandler<GetFollowerCount> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ targetType, targetId }: GetFollowerCount): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM social_follows WHERE target_type = $1 AND target_id = $2`,
      [targetType, targetId],
    );
    return n;
  }
}
