import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { followDecider, followStream } from '../domain/follow.js';
import type { FollowTargetType } from '../domain/social-events.js';
import { findTarget } from './find-target.js';

/** The caller follows a creator or a column; following again changes nothing. */
export class Follow extends Command<void> {
  constructor(
    readonly targetType: FollowTargetType,
    readonly targetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(Follow)
export class FollowHandler implements ICommandHandler<Follow> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ targetType, targetId, context }: Follow): Promise<void> {
    const follower = this.abilities.require(context.actor, 'follow', 'FollowTarget');
    const target = await findTarget(this.dataSource, this.queries, targetType, targetId);
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(followDecider, {
        ...followStream(follower.userId, targetType, targetId),
        context,
        command: { type: 'Follow', followerId: follower.userId, targetType, targetId, target },
      }),
    );
  }
}
