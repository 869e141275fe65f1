import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { Credentials } from '../credentials/credentials.js';
import { userDecider } from '../domain/user.js';

/** The signed-in user unlinks their account at a provider; the last way to sign in stays. */
export class UnlinkExternalIdentity extends Command<void> {
  constructor(
    readonly provider: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(UnlinkExternalIdentity)
export class UnlinkExternalIdentityHandler implements ICommandHandler<UnlinkExternalIdentity> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly credentials: Credentials,
  ) {}

  async execute(command: UnlinkExternalIdentity): Promise<void> {
    const { userId } = this.abilities.require(command.context.actor, 'update', 'User');
    const hasPassword = (await this.credentials.passwordHashOf(userId)) !== null;
    await this.decisions.execute(userDecider, {
      streamId: `user-${userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'UnlinkExternalIdentity', provider: command.provider, hasPassword },
    });
  }
}
