import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { type CommandContext, Decisions, DomainError, requireVerifiedEmail } from '#platform';
import { commentDecider, commentStream } from '../domain/comment.js';
import type { CommentTarget } from '../domain/community-events.js';
import { SensitiveWords } from '../moderation/sensitive-words.service.js';
import { CommunityAccess } from '../queries/community-access.js';
import { PostingRateLimit } from './posting-rate-limit.js';

/** A comment on an item or a lesson, or a reply (parentId) to one of its comments. Held for a moderator when it contains a sensitive word. */
export class PostComment extends Command<{ commentId: string }> {
  constructor(
    readonly target: CommentTarget,
    readonly body: string,
    readonly parentId: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PostComment)
export class PostCommentHandler implements ICommandHandler<PostComment> {
  constructor(
    private readonly decisions: Decisions,
    private readonly access: CommunityAccess,
    private readonly words: SensitiveWords,
    private readonly rateLimit: PostingRateLimit,
  ) {}

  async execute({ target, body, parentId, context }: PostComment): Promise<{ commentId: string }> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    requireVerifiedEmail(actor);
    await this.access.target(target, actor);
    await this.rateLimit.take(actor.userId);
    const parent = parentId ? (await this.decisions.load(commentDecider, commentStream(parentId).streamId)).state : null;
    const commentId = randomUUID();
    await this.decisions.execute(commentDecider, {
      ...commentStream(commentId),
      context,
      command: {
        type: 'PostComment',
        commentId,
        target,
        authorId: actor.userId,
        body,
        held: this.words.contains(body),
        postedAt: new Date().toISOString(),
        parent,
      },
    });
    return { commentId };
  }
}
