import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CommandContext } from '#platform';
import { Credentials } from '../credentials/credentials.js';
import { LoginThrottle } from '../credentials/login-throttle.js';
import { CHALLENGE_SECONDS, MfaChallenges } from '../credentials/mfa-challenges.js';
import { Passwords } from '../credentials/passwords.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import type { SecurityEvent } from '../domain/identity-events.js';
import { UserRecord } from '../projections/user.record.js';
import { SecurityLog } from '../security/security-log.js';
import { SessionStarter } from './session-starter.js';
import type { IssuedTokens } from './session-tokens.js';

/** The password was right and the account has a second factor: present it with this token (POST /api/v1/auth/login/mfa). */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
}

export class LogIn extends Command<IssuedTokens | MfaChallenge> {
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
 * token family) — or, when the account has a second factor, answers a short-lived challenge
 * instead. Every failure is recorded as a security event, and so is a lock it causes.
 */
@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  constructor(
    private readonly passwords: Passwords,
    private readonly credentials: Credentials,
    private readonly throttle: LoginThrottle,
    private readonly securityLog: SecurityLog,
    private readonly challenges: MfaChallenges,
    private readonly sessions: SessionStarter,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: LogIn): Promise<IssuedTokens | MfaChallenge> {
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
    // Only someone who knows the password learns that the account is suspended.
    if (user.suspendedAt) throw IdentityErrors.accountSuspended();
    if (check.needsRehash) await this.credentials.upgrade(user.id, hash!, await this.passwords.hash(command.password));
    if (user.mfaEnabled) return { mfaRequired: true, mfaToken: await this.challenges.open(user.id), expiresIn: CHALLENGE_SECONDS };
    return this.sessions.start(user, command.context, null);
  }
}
