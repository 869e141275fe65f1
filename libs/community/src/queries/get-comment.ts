import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, APP_CONFIG, type AppConfig } from '#platform';
import { CommunityErrors } from '../domain/community.errors.js';
import { CommunityAccess } from './community-access.js';
import { type CommentRowView, type CommentView, commentViewSql, toCommentView } from './comment-view.js';

/** One comment as the caller may see it (after the check of its item or lesson). */
export class GetComment extends Query<CommentView> {
  constructor(
    readonly commentId: string,
    readonly actor: Actor | null,
  ) {
    super();
  }
}

@QueryHandler(GetComment)
export class GetCommentHandler implements IQueryHandler<GetComment> {
  constructor(
    private readonly access: CommunityAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ commentId, actor }: GetComment): Promise<CommentView> {
    const threshold = this.config.community.reportThreshold;
    await this.access.comment(commentId, actor, threshold);
    const [row]: CommentRowView[] = await this.dataSource.query(`${commentViewSql('$2::uuid', '$3::int')} AND c.id = $1`, [
      commentId,
      actor?.userId ?? null,
      threshold,
    ]);
    if (!row) throw CommunityErrors.commentNotFound();
    return toCommentView(row, threshold);
  }
}
