import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { CommonPasswords } from '../credentials/common-passwords.js';
import { Credentials } from '../credentials/credentials.js';
import { LoginThrottle } from '../credentials/login-throttle.js';
import { Passwords } from '../credentials/passwords.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { checkNewPassword } from '../domain/password-policy.js';
import { sessionDecider } from '../domain/session.js';
import { userDecider } from '../domain/user.js';

export class ChangePassword extends Command<void> {
  constructor(
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The signed-in user changes their password, proving the current one (throttled like a sign-in: a
 * stolen access token must not become a way to guess it). Every other session ends in the same
 * transaction; the caller's own goes on.
 */
@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly passwords: Passwords,
    private readonly commonPasswords: CommonPasswords,
    private readonly credentials: Credentials,
    private readonly throttle: LoginThrottle,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ChangePassword): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    const [user]: { email: string }[] = await this.dataSource.query(`SELECT email FROM identity_users WHERE id = $1`, [actor.userId]);
    if (!user) throw IdentityErrors.userNotFound();
    const reservation = await this.throttle.reserve(user.email, command.context.clientIp);
    const hash = await this.credentials.passwordHashOf(actor.userId);
    if (!(await this.passwords.check(hash, command.currentPassword)).matches) {
      await reservation.failed();
      throw IdentityErrors.wrongCurrentPassword();
    }
    await reservation.succeeded();
    checkNewPassword(command.newPassword, this.commonPasswords.set);
    const newHash = await this.passwords.hash(command.newPassword);

    await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(userDecider, {
        streamId: `user-${actor.userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'ChangePassword' },
        manager: tx,
      });
      await this.credentials.setPassword(actor.userId, newHash, tx);
      const others: { session_id: string }[] = await tx.query(
        `SELECT session_id FROM identity_sessions WHERE user_id = $1 AND status = 'active' AND session_id <> $2`,
        [actor.userId, actor.sessionId ?? null],
      );
      for (const { session_id: sessionId } of others) {
        await this.decisions.execute(sessionDecider, {
          streamId: `session-${sessionId}`,
          streamType: 'session',
          context: command.context,
          command: { type: 'EndSession', userId: actor.userId, reason: 'password-changed' },
          manager: tx,
        });
      }
    });
  }
}
