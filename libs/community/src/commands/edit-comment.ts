import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig, type CommandContext, Decisions, DomainError } from '#platform';
import { commentDecider, commentStream } from '../domain/comment.js';
import { SensitiveWords } from '../moderation/sensitive-words.service.js';
import { PostingRateLimit } from './posting-rate-limit.js';

/** Its author changes a comment's text, within the edit window; the new text goes through the word filter again. */
export class EditComment extends Command<void> {
  constructor(
    readonly commentId: string,
    readonly body: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EditComment)
export class EditCommentHandler implements ICommandHandler<EditComment> {
  constructor(
    private readonly decisions: Decisions,
    private readonly words: SensitiveWords,
    private readonly rateLimit: PostingRateLimit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ commentId, body, context }: EditComment): Promise<void> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    await this.rateLimit.take(actor.userId);
    await this.decisions.execute(commentDecider, {
      ...commentStream(commentId),
      context,
      command: {
        type: 'EditComment',
        by: actor.userId,
        body,
        held: this.words.contains(body),
        at: new Date().toISOString(),
        editWindowSeconds: this.config.community.editWindowSeconds,
      },
    });
  }
}
