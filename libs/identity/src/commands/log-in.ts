import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { Credentials } from '../credentials/credentials.js';
import { LoginThrottle } from '../credentials/login-throttle.js';
import { Passwords } from '../credentials/passwords.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import type { SecurityEvent } from '../domain/identity-events.js';
import { UserRecord } from '../projections/user.record.js';
import { SecurityLog } from '../security/security-log.js';
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

/**
 * Checks the password, within the sign-in throttle, and starts a new refresh-token session (a new
 * token family). Every failure is recorded as a security event, and so is a lock it causes.
 */
@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  constructor(
    private readonly decisions: Decisions,
    private readonly passwords: Passwords,
    private readonly credentials: Credentials,
    private readonly throttle: LoginThrottle,
    private readonly securityLog: SecurityLog,
    private readonly tokens: SessionTokens,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: LogIn): Promise<IssuedTokens> {
    const reservation = await this.throttle.reserve(command.email, command.context.clientIp);
    const user = await this.users.findOneBy({ email: command.email.trim().toLowerCase() });
    const hash = user ? await this.credentials.passwordHashOf(user.id) : null;
    // Same error and same cost whether the email is unknown or the password wrong.
    const check = await this.passwords.check(hash, command.password);
    if (!check.matches || !user) {
      const userId = user?.id ?? null;
      const lockedForSeconds = this.throttle.lockSeconds;
      const events: SecurityEvent[] = [{ type: 'identity.login-failed', data: { userId, reason: 'wrong-password' } }];
      if (reservation.locksAccount) events.push({ type: 'identity.login-locked', data: { scope: 'account', userId, lockedForSeconds } });
      if ((await reservation.failed()).locksAddress) events.push({ type: 'identity.login-locked', data: { scope: 'address', userId, lockedForSeconds } });
      await this.securityLog.record(command.context, ...events);
      throw IdentityErrors.invalidCredentials();
    }
    await reservation.succeeded();
    if (check.needsRehash) await this.credentials.upgrade(user.id, hash!, await this.passwords.hash(command.password));

    const sessionId = this.tokens.newSessionId();
    const secret = this.tokens.newSecret();
    await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(sessionDecider, {
        streamId: `session-${sessionId}`,
        streamType: 'session',
        context: { ...command.context, actor: { userId: user.id, roles: user.roles } },
        command: { type: 'StartSession', sessionId, userId: user.id, expiresAt: this.tokens.refreshExpiry(new Date()) },
        manager: tx,
      });
      await this.tokens.record(sessionId, 1, secret, tx);
    });
    return this.tokens.issue(user.id, user.roles, sessionId, secret);
  }
}
