import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, Decisions, DomainError } from '#platform';
import { reviewDecider, reviewStream } from '../domain/review.js';

/** Its author takes back their review of an item (its stars leave the average). */
export class DeleteReview extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeleteReview)
export class DeleteReviewHandler implements ICommandHandler<DeleteReview> {
  constructor(private readonly decisions: Decisions) {}

  async execute({ contentId, context }: DeleteReview): Promise<void> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    // The stream is the caller's own: nobody can name another user's review here.
    await this.decisions.execute(reviewDecider, { ...reviewStream(contentId, actor.userId), context, command: { type: 'DeleteReview' } });
  }
}
