import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { PasswordProof } from '../credentials/password-proof.js';
import { PersonalKeys } from '../credentials/personal-keys.js';
import { type PresentedFactor, SecondFactors } from '../credentials/second-factors.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { sessionDecider } from '../domain/session.js';
import { userDecider } from '../domain/user.js';

/**
 * The signed-in user erases their account, proving the password and, if set up, a second factor.
 * In one transaction: every session ends, credentials and second factors are deleted, and so is the
 * key their data inside events is sealed with (crypto-shredding): the events stay, replay and verify,
 * while the person's email, name and profile in them read as erased.
 */
export class EraseMyAccount extends Command<void> {
  constructor(
    readonly password: string,
    readonly factor: PresentedFactor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EraseMyAccount)
export class EraseMyAccountHandler implements ICommandHandler<EraseMyAccount> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly proof: PasswordProof,
    private readonly secondFactors: SecondFactors,
    private readonly personalKeys: PersonalKeys,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: EraseMyAccount): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'update', 'User');
    const userId = actor.userId;
    await this.proof.prove(userId, command.password, command.context.clientIp);
    await this.dataSource.transaction(async (tx) => {
      const [user]: { mfa_enabled: boolean }[] = await tx.query(`SELECT mfa_enabled FROM identity_users WHERE id = $1`, [userId]);
      if (!user) throw IdentityErrors.userNotFound();
      if (user.mfa_enabled) await this.secondFactors.require(userId, command.factor, tx);
      await this.decisions.execute(userDecider, {
        streamId: `user-${userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'EraseAccount' },
        manager: tx,
      });
      const sessions: { session_id: string }[] = await tx.query(`SELECT session_id FROM identity_sessions WHERE user_id = $1 AND status = 'active'`, [userId]);
      for (const { session_id: sessionId } of sessions) {
        await this.decisions.execute(sessionDecider, {
          streamId: `session-${sessionId}`,
          streamType: 'session',
          context: command.context,
          command: { type: 'EndSession', userId, reason: 'account-erased' },
          manager: tx,
        });
      }
      await this.secondFactors.remove(userId, tx);
      await tx.query(`DELETE FROM identity_credentials WHERE user_id = $1`, [userId]);
      await tx.query(`DELETE FROM identity_one_time_tokens WHERE user_id = $1`, [userId]);
      await tx.query(`DELETE FROM identity_phone_codes WHERE user_id = $1`, [userId]);
      await tx.query(`DELETE FROM identity_refresh_tokens WHERE session_id IN (SELECT session_id FROM identity_sessions WHERE user_id = $1)`, [userId]);
      await tx.query(`UPDATE identity_sessions SET client_ip = NULL, user_agent = NULL WHERE user_id = $1`, [userId]);
      await this.personalKeys.destroy(userId, tx);
    });
  }
}
