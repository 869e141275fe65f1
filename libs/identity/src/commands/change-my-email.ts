import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { IdentityMails } from '../credentials/identity-mails.js';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';
import { PasswordProof } from '../credentials/password-proof.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';

/**
 * The signed-in user asks to sign in with another address, proving their password: a single-use
 * link goes to the new address, and the account keeps the old one until it is opened.
 */
export class RequestEmailChange extends Command<void> {
  constructor(
    readonly newEmail: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The link mailed to the new address proves it: it replaces the old one, verified, and the old one is told. */
export class ConfirmEmailChange extends Command<void> {
  constructor(
    readonly token: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestEmailChange)
export class RequestEmailChangeHandler implements ICommandHandler<RequestEmailChange> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly proof: PasswordProof,
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly mails: IdentityMails,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: RequestEmailChange): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'update', 'User');
    const newEmail = command.newEmail.trim().toLowerCase();
    await this.proof.prove(actor.userId, command.password, command.context.clientIp);
    const [taken]: unknown[] = await this.dataSource.query(`SELECT 1 FROM identity_users WHERE email = $1`, [newEmail]);
    if (taken) throw IdentityErrors.emailTaken();
    const token = await this.oneTimeTokens.issue(actor.userId, 'change-email', this.dataSource.manager, newEmail);
    this.mails.confirmEmailChange(newEmail, token);
  }
}

@CommandHandler(ConfirmEmailChange)
export class ConfirmEmailChangeHandler implements ICommandHandler<ConfirmEmailChange> {
  constructor(
    private readonly decisions: Decisions,
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly mails: IdentityMails,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: ConfirmEmailChange): Promise<void> {
    const oldEmail = await this.dataSource.transaction(async (tx) => {
      const { userId, newEmail } = await this.oneTimeTokens.useEmailChange(command.token, tx);
      const [user]: { email: string }[] = await tx.query(`SELECT email FROM identity_users WHERE id = $1`, [userId]);
      if (!user) throw IdentityErrors.invalidMailedToken();
      const decided = await this.decisions.execute(userDecider, {
        streamId: `user-${userId}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'ChangeEmail', email: newEmail },
        manager: tx,
      });
      return decided.events.length > 0 ? user.email : null;
    });
    if (oldEmail) this.mails.emailChanged(oldEmail);
  }
}
