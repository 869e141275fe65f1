import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { userDecider } from '../domain/user.js';

/** Staff suspend an account: in one transaction it is marked suspended and every session of it ends. */
export class SuspendUser extends Command<void> {
  constructor(
    readonly userId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Lifts a suspension; sessions ended by it stay ended (the owner signs in again). */
export class UnsuspendUser extends Command<void> {
  constructor(
    readonly userId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SuspendUser)
export class SuspendUserHandler implements ICommandHandler<SuspendUser> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: SuspendUser): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(userDecider, {
        streamId: `user-${command.userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'Suspend', reason: command.reason },
        authorize: (state) => {
          if (state.status !== 'registered') throw IdentityErrors.userNotFound();
          this.abilities.require(command.context.actor, 'suspend', asSubject('User', { id: state.userId }));
        },
        manager: tx,
      });
      const sessions: { session_id: string }[] = await tx.query(
        `SELECT session_id FROM identity_sessions WHERE user_id = $1 AND status = 'active'`,
        [command.userId],
      );
      for (const { session_id: sessionId } of sessions) {
        await this.decisions.execute(sessionDecider, {
          streamId: `session-${sessionId}`,
          streamType: 'session',
          context: command.context,
          command: { type: 'EndSession', userId: command.userId, reason: 'suspended' },
          manager: tx,
        });
      }
    });
  }
}

@CommandHandler(UnsuspendUser)
export class UnsuspendUserHandler implements ICommandHandler<UnsuspendUser> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: UnsuspendUser): Promise<void> {
    await this.decisions.execute(userDecider, {
      streamId: `user-${command.userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'Unsuspend' },
      authorize: (state) => {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        this.abilities.require(command.context.actor, 'suspend', asSubject('User', { id: state.userId }));
      },
    });
  }
}
