import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext } from '#platform';
import { IdentityMails } from '../credentials/identity-mails.js';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';

export class SendEmailVerification extends Command<void> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

/** Mails the signed-in user a new verification link, unless their email is verified already. */
@CommandHandler(SendEmailVerification)
export class SendEmailVerificationHandler implements ICommandHandler<SendEmailVerification> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly mails: IdentityMails,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: SendEmailVerification): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'read', 'User');
    const [user]: { email: string; email_verified_at: Date | null }[] = await this.dataSource.query(
      `SELECT email, email_verified_at FROM identity_users WHERE id = $1`,
      [actor.userId],
    );
    if (!user || user.email_verified_at) return;
    const token = await this.oneTimeTokens.issue(actor.userId, 'verify-email', this.dataSource.manager);
    this.mails.verifyEmail(user.email, token);
  }
}
