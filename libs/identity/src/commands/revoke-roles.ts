import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, type CommandContext, Decisions, type Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';

/** An admin takes roles back from another user; their access tokens lose them on the next request. */
export class RevokeRoles extends Command<void> {
  constructor(
    readonly userId: string,
    readonly roles: Role[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RevokeRoles)
export class RevokeRolesHandler implements ICommandHandler<RevokeRoles> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: RevokeRoles): Promise<void> {
    await this.decisions.execute(userDecider, {
      streamId: `user-${command.userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'RevokeRoles', roles: command.roles },
      authorize: (state) => {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        this.abilities.require(command.context.actor, 'revokeRoles', asSubject('User', { id: state.userId }));
      },
    });
  }
}
