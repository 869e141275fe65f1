import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { CommonPasswords } from '../credentials/common-passwords.js';
import { Credentials } from '../credentials/credentials.js';
import { LoginThrottle } from '../credentials/login-throttle.js';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';
import { Passwords } from '../credentials/passwords.js';
import { checkNewPassword } from '../domain/password-policy.js';
import { sessionDecider } from '../domain/session.js';
import { userDecider } from '../domain/user.js';

export class ResetPassword extends Command<void> {
  constructor(
    readonly token: string,
    readonly newPassword: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Sets a new password with a mailed reset token (single use, 30 minutes). Every session of the
 * account ends in the same transaction, and a sign-in lock on its email is lifted.
 */
@CommandHandler(ResetPassword)
export class ResetPasswordHandler implements ICommandHandler<ResetPassword> {
  constructor(
    private readonly decisions: Decisions,
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly passwords: Passwords,
    private readonly commonPasswords: CommonPasswords,
    private readonly credentials: Credentials,
    private readonly throttle: LoginThrottle,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ResetPassword): Promise<void> {
    checkNewPassword(command.newPassword, this.commonPasswords.set);
    const newHash = await this.passwords.hash(command.newPassword);
    const email = await this.dataSource.transaction(async (tx) => {
      const userId = await this.oneTimeTokens.use(command.token, 'reset-password', tx);
      const context = { ...command.context, actor: null, personId: userId };
      await this.decisions.execute(userDecider, {
        streamId: `user-${userId}`,
        streamType: 'user',
        context,
        command: { type: 'ResetPassword' },
        manager: tx,
      });
      await this.credentials.setPassword(userId, newHash, tx);
      const sessions: { session_id: string }[] = await tx.query(
        `SELECT session_id FROM identity_sessions WHERE user_id = $1 AND status = 'active'`,
        [userId],
      );
      for (const { session_id: sessionId } of sessions) {
        await this.decisions.execute(sessionDecider, {
          streamId: `session-${sessionId}`,
          streamType: 'session',
          context,
          command: { type: 'EndSession', userId, reason: 'password-reset' },
          manager: tx,
        });
      }
      const [user]: { email: string }[] = await tx.query(`SELECT email FROM identity_users WHERE id = $1`, [userId]);
      return user!.email;
    });
    await this.throttle.forget(email);
  }
}
