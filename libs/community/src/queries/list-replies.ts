import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, APP_CONFIG, type AppConfig, decodeCursor, toPage } from '#platform';
import { CommunityAccess } from './community-access.js';
import { type CommentRowView, commentViewSql, toCommentView } from './comment-view.js';
import type { CommentPage } from './list-comments.js';

/** The replies of a top comment, oldest first (a thread reads as a conversation). */
export class ListReplies extends Query<CommentPage> {
  constructor(
    readonly commentId: string,
    readonly actor: Actor | null,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListReplies)
export class ListRepliesHandler implements IQueryHandler<ListReplies> {
  constructor(
    private readonly access: CommunityAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ commentId, actor, limit, cursor }: ListReplies): Promise<CommentPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const threshold = this.config.community.reportThreshold;
    await this.access.comment(commentId, actor, threshold);
    const rows: CommentRowView[] = await this.dataSource.query(
      `${commentViewSql('$2::uuid', '$3::int')}
         AND c.parent_id = $1
         AND ($4::timestamptz IS NULL OR (c.created_at, c.id) > ($4::timestamptz, $5::uuid))
       ORDER BY c.created_at, c.id
       LIMIT $6`,
      [commentId, actor?.userId ?? null, threshold, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => toCommentView(row, threshold),
      (row) => [row.created_at.toISOString(), row.id],
    );
  }
}
