import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type CommandContext, Decisions } from '#platform';
import { OneTimeTokens } from '../credentials/one-time-tokens.js';
import { userDecider } from '../domain/user.js';

export class VerifyEmail extends Command<void> {
  constructor(
    readonly token: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The mailed token proves the email: it is used up, and the account may buy from now on. */
@CommandHandler(VerifyEmail)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmail> {
  constructor(
    private readonly decisions: Decisions,
    private readonly oneTimeTokens: OneTimeTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: VerifyEmail): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const userId = await this.oneTimeTokens.use(command.token, 'verify-email', tx);
      await this.decisions.execute(userDecider, {
        streamId: `user-${userId}`,
        streamType: 'user',
        context: { ...command.context, personId: userId },
        command: { type: 'VerifyEmail' },
        manager: tx,
      });
    });
  }
}
