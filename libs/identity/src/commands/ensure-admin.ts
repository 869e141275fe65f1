import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type CommandContext, Decisions, DomainError } from '#platform';
import { userDecider } from '../domain/user.js';
import { UserRecord } from '../projections/user.record.js';
import { RegisterUser } from './register-user.js';

/**
 * Makes sure the configured first admin exists and holds the admin role. Run by the system at
 * boot (ADMIN_EMAIL / ADMIN_PASSWORD), never from a route: nobody can grant roles before it.
 */
export class EnsureAdmin extends Command<{ userId: string }> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EnsureAdmin)
export class EnsureAdminHandler implements ICommandHandler<EnsureAdmin> {
  constructor(
    private readonly decisions: Decisions,
    private readonly commands: CommandBus,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: EnsureAdmin): Promise<{ userId: string }> {
    const existing = await this.users.findOneBy({ email: command.email.trim().toLowerCase() });
    if (existing) {
      await this.decisions.execute(userDecider, {
        streamId: `user-${existing.id}`,
        streamType: 'user',
        context: command.context,
        command: { type: 'GrantRoles', roles: ['admin'] },
      });
      return { userId: existing.id };
    }
    try {
      return await this.commands.execute(
        new RegisterUser(command.email, command.password, 'Administrator', command.context, ['learner', 'admin']),
      );
    } catch (error) {
      // Another process booting at the same moment created it first: grant on that one.
      if (error instanceof DomainError && error.code === 'IDENTITY.EMAIL_TAKEN') return this.execute(command);
      throw error;
    }
  }
}
