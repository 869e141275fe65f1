import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { muteDecider, muteStream } from '../domain/mute.js';
import type { FollowTargetType } from '../domain/social-events.js';
import { findTarget } from './find-target.js';

/** The caller stops hearing of a creator's new items or a column's instalments (following, or having bought, it all the same); muting again changes nothing. */
export class Mute extends Command<void> {
  constructor(
    readonly targetType: FollowTargetType,
    readonly targetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The caller hears of that creator or column again; unmuting what is not muted changes nothing. */
export class Unmute extends Command<void> {
  constructor(
    readonly targetType: FollowTargetType,
    readonly targetId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(Mute)
export class MuteHandler implements ICommandHandler<Mute> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ targetType, targetId, context }: Mute): Promise<void> {
    const user = this.abilities.require(context.actor, 'mute', 'FollowTarget');
    const target = await findTarget(this.dataSource, this.queries, targetType, targetId);
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(muteDecider, {
        ...muteStream(user.userId, targetType, targetId),
        context,
        command: { type: 'Mute', userId: user.userId, targetType, targetId, target },
      }),
    );
  }
}

@CommandHandler(Unmute)
export class UnmuteHandler implements ICommandHandler<Unmute> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ targetType, targetId, context }: Unmute): Promise<void> {
    const user = this.abilities.require(context.actor, 'mute', 'FollowTarget');
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(muteDecider, {
        ...muteStream(user.userId, targetType, targetId),
        context,
        command: { type: 'Unmute', userId: user.userId, targetType, targetId },
      }),
    );
  }
}
