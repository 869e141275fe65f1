import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { sessionDecider } from '../domain/session.js';

export class EndMySession extends Command<void> {
  constructor(
    readonly sessionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The caller ends one of their own sessions (another device): its refresh and access tokens stop at once. */
@CommandHandler(EndMySession)
export class EndMySessionHandler implements ICommandHandler<EndMySession> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: EndMySession): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    // The decider answers another user's session exactly like a missing one (404).
    await this.decisions.execute(sessionDecider, {
      streamId: `session-${command.sessionId}`,
      streamType: 'session',
      context: command.context,
      command: { type: 'EndSession', userId: actor.userId, reason: 'ended-by-user' },
    });
  }
}
