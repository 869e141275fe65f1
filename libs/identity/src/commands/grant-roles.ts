import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, type CommandContext, Decisions, type Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';

export class GrantRoles extends Command<void> {
  constructor(
    readonly userId: string,
    readonly roles: Role[],
    readonly context: CommandContext,
    /** ISO 8601: the roles end then by themselves; absent, they last until revoked. */
    readonly expiresAt?: string,
  ) {
    super();
  }
}

@CommandHandler(GrantRoles)
export class GrantRolesHandler implements ICommandHandler<GrantRoles> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: GrantRoles): Promise<void> {
    await this.decisions.execute(userDecider, {
      streamId: `user-${command.userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'GrantRoles', roles: command.roles, ...(command.expiresAt === undefined ? {} : { expiresAt: new Date(command.expiresAt).toISOString() }) },
      authorize: (state) => {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        this.abilities.require(command.context.actor, 'grantRoles', asSubject('User', { id: state.userId }));
      },
    });
  }
}
