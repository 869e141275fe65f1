import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { CommonPasswords } from '../credentials/common-passwords.js';
import { Credentials } from '../credentials/credentials.js';
import { PasswordProof } from '../credentials/password-proof.js';
import { Passwords } from '../credentials/passwords.js';
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
 * The signed-in user changes their password, proving the current one. Every other session ends in
 * the same transaction; the caller's own goes on.
 */
@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly passwords: Passwords,
    private readonly commonPasswords: CommonPasswords,
    private readonly credentials: Credentials,
    private readonly proof: PasswordProof,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ChangePassword): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    await this.proof.prove(actor.userId, command.currentPassword, command.context.clientIp);
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
