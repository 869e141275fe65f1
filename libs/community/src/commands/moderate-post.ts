import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import { commentDecider, commentStream } from '../domain/comment.js';
import { CommunityErrors } from '../domain/community.errors.js';
import type { ModerationDecision, PostKind } from '../domain/community-events.js';
import { reviewDecider, reviewStream } from '../domain/review.js';
import { findPost } from '../queries/post-row.js';

/**
 * A moderator approves a held or reported post (it shows again, its reports are answered) or
 * removes any post, with a reason. The decision is an event, so the audit trail has it with its
 * moderator and reason.
 */
export class ModeratePost extends Command<void> {
  constructor(
    readonly postKind: PostKind,
    readonly postId: string,
    readonly decision: ModerationDecision['decision'],
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ModeratePost)
export class ModeratePostHandler implements ICommandHandler<ModeratePost> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ postKind, postId, decision, reason, context }: ModeratePost): Promise<void> {
    const post = await findPost(this.dataSource.manager, postKind, postId);
    if (!post) throw postKind === 'comment' ? CommunityErrors.commentNotFound() : CommunityErrors.reviewNotFound();
    // Four eyes: nobody decides on their own post.
    const moderator = this.abilities.require(context.actor, 'moderate', asSubject('CommunityPost', { authorId: post.authorId }));
    const moderation = { decision, moderatorId: moderator.userId, reason, reportedPending: post.openReports > 0 };
    if (postKind === 'comment') {
      await this.decisions.execute(commentDecider, { ...commentStream(postId), context, command: { type: 'ModerateComment', ...moderation } });
    } else {
      await this.decisions.execute(reviewDecider, {
        ...reviewStream(post.contentId, post.authorId),
        context,
        command: { type: 'ModerateReview', ...moderation },
      });
    }
  }
}
