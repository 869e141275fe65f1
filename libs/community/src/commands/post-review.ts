import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { IsBuyer } from '#commerce';
import { type CommandContext, Decisions, DomainError, requireVerifiedEmail } from '#platform';
import { reviewDecider, reviewStream } from '../domain/review.js';
import { SensitiveWords } from '../moderation/sensitive-words.service.js';
import { CommunityAccess } from '../queries/community-access.js';
import { PostingRateLimit } from './posting-rate-limit.js';

/**
 * A buyer's stars (1–5) and optional text for an item; posting again replaces their review. A buyer
 * is whoever paid for the item and was not refunded (commerce's IsBuyer).
 */
export class PostReview extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly stars: number,
    readonly text: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PostReview)
export class PostReviewHandler implements ICommandHandler<PostReview> {
  constructor(
    private readonly decisions: Decisions,
    private readonly access: CommunityAccess,
    private readonly queries: QueryBus,
    private readonly words: SensitiveWords,
    private readonly rateLimit: PostingRateLimit,
  ) {}

  async execute({ contentId, stars, text, context }: PostReview): Promise<void> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    requireVerifiedEmail(actor);
    await this.access.item(contentId, actor);
    await this.rateLimit.take(actor.userId);
    const buyer = await this.queries.execute(new IsBuyer(actor.userId, contentId));
    await this.decisions.execute(reviewDecider, {
      ...reviewStream(contentId, actor.userId),
      context,
      command: { type: 'PostReview', contentId, userId: actor.userId, stars, text, held: this.words.contains(text), buyer },
    });
  }
}
