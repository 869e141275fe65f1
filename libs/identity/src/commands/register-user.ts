import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { type CommandContext, Decisions, type Role } from '#platform';
import { CommonPasswords } from '../credentials/common-passwords.js';
import { Credentials } from '../credentials/credentials.js';
import { IdentityMails } from '../credentials/identity-mails.js';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';
import { Passwords } from '../credentials/passwords.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { checkNewPassword } from '../domain/password-policy.js';
import { userDecider } from '../domain/user.js';
import { UserRecord } from '../projections/user.record.js';

export class RegisterUser extends Command<{ userId: string }> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly displayName: string,
    readonly context: CommandContext,
    readonly roles: Role[] = ['learner'],
    /** The operator configured this email (the first admin): nobody needs to prove it. */
    readonly emailVerified = false,
  ) {
    super();
  }
}

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser> {
  constructor(
    private readonly decisions: Decisions,
    private readonly passwords: Passwords,
    private readonly commonPasswords: CommonPasswords,
    private readonly credentials: Credentials,
    private readonly oneTimeTokens: OneTimeTokens,
    private readonly mails: IdentityMails,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: RegisterUser): Promise<{ userId: string }> {
    checkNewPassword(command.password, this.commonPasswords.set);
    const email = command.email.trim().toLowerCase();
    // A friendly early answer; the projector's unique email is what actually guarantees it.
    if (await this.users.existsBy({ email })) throw IdentityErrors.emailTaken();
    const userId = randomUUID();
    const passwordHash = await this.passwords.hash(command.password);
    const verification = await this.dataSource.transaction(async (tx) => {
      await this.decisions.execute(userDecider, {
        streamId: `user-${userId}`,
        streamType: 'user',
        context: { ...command.context, personId: userId },
        command: {
          type: 'RegisterUser',
          userId,
          email,
          displayName: command.displayName.trim(),
          roles: command.roles,
          emailVerified: command.emailVerified,
        },
        manager: tx,
      });
      await this.credentials.setPassword(userId, passwordHash, tx);
      return command.emailVerified ? null : this.oneTimeTokens.issue(userId, 'verify-email', tx);
    });
    if (verification) this.mails.verifyEmail(email, verification);
    return { userId };
  }
}
