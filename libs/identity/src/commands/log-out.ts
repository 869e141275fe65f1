import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { SessionTokens } from './session-tokens.js';

export class LogOut extends Command<void> {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Ends the session the refresh token belongs to; access tokens already issued expire on their own. */
@CommandHandler(LogOut)
export class LogOutHandler implements ICommandHandler<LogOut> {
  constructor(
    private readonly decisions: Decisions,
    private readonly tokens: SessionTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: LogOut): Promise<void> {
    const parsed = this.tokens.parse(command.refreshToken);
    if (!parsed) throw IdentityErrors.invalidRefreshToken();
    await this.decisions.execute(sessionDecider, {
      streamId: `session-${parsed.sessionId}`,
      streamType: 'session',
      context: command.context,
      command: { type: 'RevokeSession', presentedGeneration: await this.tokens.generationOf(parsed.sessionId, parsed.secret, this.dataSource.manager) },
    });
  }
}
