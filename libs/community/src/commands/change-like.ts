import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig, type CommandContext, Decisions, DomainError } from '#platform';
import type { LikeTargetKind } from '../domain/community-events.js';
import { likeDecider, likeStream } from '../domain/like.js';
import { CommunityAccess } from '../queries/community-access.js';

/** The same user's parallel taps meet at one stream version: the losers load again and find it done. */
const ATTEMPTS = 5;

/** Like (or unlike) an item or a comment the caller may see. Liking twice, or unliking what is not liked, changes nothing. */
export class ChangeLike extends Command<void> {
  constructor(
    readonly targetKind: LikeTargetKind,
    readonly targetId: string,
    readonly like: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeLike)
export class ChangeLikeHandler implements ICommandHandler<ChangeLike> {
  constructor(
    private readonly decisions: Decisions,
    private readonly access: CommunityAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ targetKind, targetId, like, context }: ChangeLike): Promise<void> {
    const actor = context.actor;
    if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in to do this.');
    if (targetKind === 'content') await this.access.item(targetId, actor);
    else await this.access.comment(targetId, actor, this.config.community.reportThreshold);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.decisions.execute(likeDecider, {
          ...likeStream(targetKind, targetId, actor.userId),
          context,
          command: { type: like ? 'Like' : 'Unlike', targetKind, targetId, userId: actor.userId },
        });
        return;
      } catch (error) {
        const lostRace = error instanceof DomainError && error.code === 'EVENT_STORE.VERSION_CONFLICT';
        if (!lostRace || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
