import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type CommandContext, Decisions, type Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';
import { UserRecord } from '../projections/user.record.js';

/**
 * Grants roles to the account with this email on an operator's word: run from the command line
 * (`npm run zhiku -- users grant-role`), never from a route, by someone who can already run the
 * deployment. That is how a first admin is made from an existing account. Like every event, the
 * grant lands in the audit log, with the operator in its metadata.
 */
export class GrantRolesByOperator extends Command<{ userId: string; roles: Role[] }> {
  constructor(
    readonly email: string,
    readonly roles: Role[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(GrantRolesByOperator)
export class GrantRolesByOperatorHandler implements ICommandHandler<GrantRolesByOperator> {
  constructor(
    private readonly decisions: Decisions,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: GrantRolesByOperator): Promise<{ userId: string; roles: Role[] }> {
    const user = await this.users.findOneBy({ email: command.email.trim().toLowerCase() });
    if (!user) throw IdentityErrors.userNotFound();
    const { state } = await this.decisions.execute(userDecider, {
      streamId: `user-${user.id}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'GrantRoles', roles: command.roles },
    });
    return { userId: user.id, roles: state.status === 'registered' ? [...state.roles].sort() : [] };
  }
}
