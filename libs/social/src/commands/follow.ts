import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions, DomainError } from '#platform';
import { GetUserProfile } from '#identity';
import { type FollowTarget, followDecider, followStream } from '../domain/follow.js';
import type { FollowTargetType } from '../domain/social-events.js';
import { retryOnConflict } from './retry-on-conflict.js';

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
    const target = await this.find(targetType, targetId);
    await retryOnConflict(() =>
      this.decisions.execute(followDecider, {
        ...followStream(follower.userId, targetType, targetId),
        context,
        command: { type: 'Follow', followerId: follower.userId, targetType, targetId, target },
      }),
    );
  }

  /** A creator is a user holding the creator role; a column, a published content of kind column. */
  private async find(type: FollowTargetType, id: string): Promise<FollowTarget | null> {
    if (type === 'column') {
      const [column]: { creator_id: string }[] = await this.dataSource.query(
        `SELECT creator_id FROM social_contents WHERE content_id = $1 AND kind = 'column'`,
        [id],
      );
      return column ? { type, id, ownerId: column.creator_id } : null;
    }
    const profile = await this.queries.execute(new GetUserProfile(id)).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    });
    return profile?.roles.includes('creator') ? { type, id, ownerId: id } : null;
  }
}
