import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { UserRecord } from '../projections/user.record.js';
import { Passwords } from './passwords.js';
import { type IssuedTokens, SessionTokens } from './session-tokens.js';

export class LogIn extends Command<IssuedTokens> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Checks the password and starts a new refresh-token session. */
@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  constructor(
    private readonly decisions: Decisions,
    private readonly passwords: Passwords,
    private readonly tokens: SessionTokens,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: LogIn): Promise<IssuedTokens> {
    const user = await this.users.findOneBy({ email: command.email.trim().toLowerCase() });
    // Same error and same cost whether the email is unknown or the password wrong.
    if (!(await this.passwords.verify(user?.passwordHash ?? null, command.password)) || !user) {
      throw IdentityErrors.invalidCredentials();
    }
    const sessionId = this.tokens.newSessionId();
    const { secret, hash } = this.tokens.newSecret();
    await this.decisions.execute(sessionDecider, {
      streamId: `session-${sessionId}`,
      streamType: 'session',
      context: { ...command.context, actor: { userId: user.id, roles: user.roles } },
      command: {
        type: 'StartSession',
        sessionId,
        userId: user.id,
        tokenHash: hash,
        expiresAt: this.tokens.refreshExpiry(new Date()),
      },
    });
    return this.tokens.issue(user.id, user.roles, sessionId, secret);
  }
}
