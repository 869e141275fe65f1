import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { followDecider, followStream } from '../domain/follow.js';
import type { FollowTargetType } from '../domain/social-events.js';

/** The caller stops following; unfollowing what they do not follow changes nothing. */
export class Unfollow extends Command<void> {
  constructor(
    readonly targetType: FollowTargetType,
    readonly targetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(Unfollow)
export class UnfollowHandler implements ICommandHandler<Unfollow> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ targetType, targetId, context }: Unfollow): Promise<void> {
    const follower = this.abilities.require(context.actor, 'follow', 'FollowTarget');
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(followDecider, {
        ...followStream(follower.userId, targetType, targetId),
        context,
        command: { type: 'Unfollow', followerId: follower.userId, targetType, targetId },
      }),
    );
  }
}
