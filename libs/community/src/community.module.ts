import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { ChangeLikeHandler } from './commands/change-like.js';
import { DeleteCommentHandler } from './commands/delete-comment.js';
import { DeleteReviewHandler } from './commands/delete-review.js';
import { EditCommentHandler } from './commands/edit-comment.js';
import { ModeratePostHandler } from './commands/moderate-post.js';
import { PostCommentHandler } from './commands/post-comment.js';
import { PostReviewHandler } from './commands/post-review.js';
import { PostingRateLimit } from './commands/posting-rate-limit.js';
import { ReportPostHandler } from './commands/report-post.js';
import { communityEventTypes } from './domain/community-events.js';
import { SensitiveWords } from './moderation/sensitive-words.service.js';
import { CommunityRules } from './policies/community.rules.js';
import { CommentsProjector } from './projections/comments.projector.js';
import { ErasedAuthorsProjector } from './projections/erased-authors.projector.js';
import { LikesProjector } from './projections/likes.projector.js';
import { ReportsProjector } from './projections/reports.projector.js';
import { ReviewsProjector } from './projections/reviews.projector.js';
import { CommunityAccess } from './queries/community-access.js';
import { GetCommentHandler } from './queries/get-comment.js';
import { GetLikesHandler } from './queries/get-likes.js';
import { ListCommentsHandler } from './queries/list-comments.js';
import { ListModerationQueueHandler } from './queries/list-moderation-queue.js';
import { ListRepliesHandler } from './queries/list-replies.js';
import { ListReviewsHandler } from './queries/list-reviews.js';

/** The community core, in every process: event types, commands, queries, inline projections, rules, the word filter. */
@Module({
  providers: [
    PostCommentHandler,
    EditCommentHandler,
    DeleteCommentHandler,
    ChangeLikeHandler,
    PostReviewHandler,
    DeleteReviewHandler,
    ReportPostHandler,
    ModeratePostHandler,
    ListCommentsHandler,
    ListRepliesHandler,
    GetCommentHandler,
    GetLikesHandler,
    ListReviewsHandler,
    ListModerationQueueHandler,
    CommentsProjector,
    LikesProjector,
    ReviewsProjector,
    ReportsProjector,
    ErasedAuthorsProjector,
    CommunityAccess,
    PostingRateLimit,
    SensitiveWords,
    CommunityRules,
  ],
  exports: [SensitiveWords, CommunityAccess],
})
export class CommunityModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(communityEventTypes);
  }
}
