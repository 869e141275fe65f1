import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type CommandContext, Decisions, DomainError } from '#platform';
import { CommunityErrors } from '../domain/community.errors.js';
import type { PostKind } from '../domain/community-events.js';
import { reportDecider, reportStream } from '../domain/report.js';
import { CommunityAccess } from '../queries/community-access.js';
import { findPost } from '../queries/post-row.js';
import { PostingRateLimit } from './posting-rate-limit.js';

/**
 * A user reports a post they can see, once. Over COMMUNITY_REPORT_THRESHOLD reports not yet
 * reviewed, the post is hidden from everyone but its author until a moderator decides.
 */
export class ReportPost extends Command<void> {
  constructor(
    readonly postKind: PostKind,
    readonly postId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReportPost)
export class ReportPostHandler implements ICommandHandler<ReportPost> {
  constructor(
    private readonly decisions: Decisions,
    private readonly access: CommunityAccess,
    private readonly rateLimit: PostingRateLimit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ postKind, postId, reason, context }: ReportPost): Promise<void> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    if (postKind === 'comment') await this.access.comment(postId, actor, this.config.community.reportThreshold);
    const post = await findPost(this.dataSource.manager, postKind, postId);
    if (!post) throw postKind === 'comment' ? CommunityErrors.commentNotFound() : CommunityErrors.reviewNotFound();
    if (postKind === 'review') await this.access.item(post.contentId, actor);
    await this.rateLimit.take(actor.userId);
    await this.decisions.execute(reportDecider, {
      ...reportStream(postKind, postId, actor.userId),
      context,
      command: {
        type: 'ReportPost',
        postKind,
        postId,
        reporterId: actor.userId,
        reason,
        post: { authorId: post.authorId, standing: post.status === 'visible' || post.status === 'held' },
      },
    });
  }
}
