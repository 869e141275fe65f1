import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, APP_CONFIG, type AppConfig, decodeCursor, toPage } from '#platform';
import type { CommentTarget } from '../domain/community-events.js';
import { CommunityAccess } from './community-access.js';
import { type CommentRowView, type CommentView, commentViewSql, toCommentView } from './comment-view.js';

export interface CommentPage {
  items: CommentView[];
  nextCursor: string | null;
}

/** The top comments of an item or of one lesson, newest first. */
export class ListComments extends Query<CommentPage> {
  constructor(
    readonly target: CommentTarget,
    readonly actor: Actor | null,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListComments)
export class ListCommentsHandler implements IQueryHandler<ListComments> {
  constructor(
    private readonly access: CommunityAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ target, actor, limit, cursor }: ListComments): Promise<CommentPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    await this.access.target(target, actor);
    const threshold = this.config.community.reportThreshold;
    const rows: CommentRowView[] = await this.dataSource.query(
      `${commentViewSql('$3::uuid', '$4::int')}
         AND c.content_id = $1 AND c.lesson_id IS NOT DISTINCT FROM $2::uuid AND c.parent_id IS NULL
         AND ($5::timestamptz IS NULL OR (c.created_at, c.id) < ($5::timestamptz, $6::uuid))
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $7`,
      [target.contentId, target.lessonId, actor?.userId ?? null, threshold, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => toCommentView(row, threshold),
      (row) => [row.created_at.toISOString(), row.id],
    );
  }
}
