import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, type CommandContext, Decisions, DomainError, type Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';

export class GrantRoles extends Command<void> {
  constructor(
    readonly userId: string,
    readonly roles: Role[],
    readonly context: CommandContext,
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
    const ability = this.abilities.forActor(command.context.actor);
    await this.decisions.execute(userDecider, {
      streamId: `user-${command.userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'GrantRoles', roles: command.roles },
      authorize: (state) => {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        if (!ability.can('grantRoles', asSubject('User', { id: state.userId }))) {
          throw new DomainError('AUTHZ.FORBIDDEN', 'forbidden', 'You may not grant roles to this user.');
        }
      },
    });
  }
}
