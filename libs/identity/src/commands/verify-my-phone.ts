import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, Decisions, FieldCipher, SmsSender } from '#platform';
import { MfaChallenges } from '../credentials/mfa-challenges.js';
import { PhoneCodes } from '../credentials/phone-codes.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';

/** The signed-in user asks for a code texted to a number they want on their account. */
export class SendPhoneCode extends Command<void> {
  constructor(
    readonly phone: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A sign-in that passed the password step asks for its second factor by SMS, to the verified phone. */
export class SendSignInCode extends Command<void> {
  constructor(readonly mfaToken: string) {
    super();
  }
}

/** The texted code proves the number: it becomes the account's verified phone. */
export class VerifyMyPhone extends Command<void> {
  constructor(
    readonly code: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SendPhoneCode)
export class SendPhoneCodeHandler implements ICommandHandler<SendPhoneCode> {
  private readonly logger = new Logger('PhoneVerification');

  constructor(
    private readonly abilities: AbilityFactory,
    private readonly codes: PhoneCodes,
    private readonly sms: SmsSender,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: SendPhoneCode): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'update', 'User');
    const code = await this.dataSource.transaction((tx) => this.codes.issue(actor.userId, command.phone, 'verify', tx));
    // After the commit: a code nobody can check must never be sent. A failed delivery is the caller's to know (ask again after a minute).
    await this.sms
      .send({ to: command.phone, text: `Zhiku: your verification code is ${code}. It expires in 10 minutes; never share it.` })
      .catch((error: unknown) => {
        this.logger.error((error as Error).message);
        throw IdentityErrors.smsUnavailable();
      });
  }
}

@CommandHandler(SendSignInCode)
export class SendSignInCodeHandler implements ICommandHandler<SendSignInCode> {
  private readonly logger = new Logger('PhoneVerification');

  constructor(
    private readonly challenges: MfaChallenges,
    private readonly codes: PhoneCodes,
    private readonly cipher: FieldCipher,
    private readonly sms: SmsSender,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: SendSignInCode): Promise<void> {
    const userId = await this.challenges.userOf(command.mfaToken);
    const [user]: { phone_encrypted: string | null }[] = await this.dataSource.query(
      `SELECT phone_encrypted FROM identity_users WHERE id = $1 AND phone_verified_at IS NOT NULL`,
      [userId],
    );
    if (!user?.phone_encrypted) throw IdentityErrors.noVerifiedPhone();
    const phone = this.cipher.decrypt(user.phone_encrypted, `phone:${userId}`);
    const code = await this.dataSource.transaction((tx) => this.codes.issue(userId, phone, 'sign-in', tx));
    await this.sms
      .send({ to: phone, text: `Zhiku: your sign-in code is ${code}. It expires in 10 minutes; never share it: we will never ask for it.` })
      .catch((error: unknown) => {
        this.logger.error((error as Error).message);
        throw IdentityErrors.smsUnavailable();
      });
  }
}

@CommandHandler(VerifyMyPhone)
export class VerifyMyPhoneHandler implements ICommandHandler<VerifyMyPhone> {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly decisions: Decisions,
    private readonly codes: PhoneCodes,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: VerifyMyPhone): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'update', 'User');
    // The try is counted outside the transaction that records the number, so a wrong code always costs one.
    const phone = await this.codes.use(actor.userId, command.code, 'verify', this.dataSource.manager);
    await this.decisions.execute(userDecider, {
      streamId: `user-${actor.userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'VerifyPhone', phone },
    });
  }
}
