import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommandContext } from '#platform';
import { IdentityMails } from '../credentials/identity-mails.js';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';
import { SecurityLog } from '../security/security-log.js';

export class RequestPasswordReset extends Command<void> {
  constructor(
    readonly email: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Mails a reset link if the email has an account. The caller learns nothing either way: the
 * answer is the same, and the work for a known email (token, security event, mail) happens after
 * the answer, so it does not show in its timing either.
 */
@CommandHandler(RequestPasswordReset)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordReset> {
  constructor(
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly mails: IdentityMails,
    private readonly securityLog: SecurityLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: RequestPasswordReset): Promise<void> {
    const email = command.email.trim().toLowerCase();
    setImmediate(() => void this.mailLink(email, command.context));
  }

  private async mailLink(email: string, context: CommandContext): Promise<void> {
    try {
      const [user]: { id: string }[] = await this.dataSource.query(`SELECT id FROM identity_users WHERE email = $1`, [email]);
      if (!user) return;
      const token = await this.oneTimeTokens.issue(user.id, 'reset-password', this.dataSource.manager);
      await this.securityLog.record({ ...context, personId: user.id }, { type: 'identity.password-reset-requested', data: { userId: user.id } });
      this.mails.resetPassword(email, token);
    } catch {
      // Nothing to tell the caller, who has their answer already; the mail is simply not sent.
    }
  }
}
