import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type CommandContext, DomainError } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { UserRecord } from '../projections/user.record.js';
import { RegisterUser } from './register-user.js';

export interface EnsuredAdmin {
  userId: string;
  created: boolean;
}

/**
 * Makes sure the configured first admin exists. Run by the system at boot (ADMIN_EMAIL /
 * ADMIN_PASSWORD), never from a route. It only ever creates the account: an existing account on
 * that email that is not an admin is refused (IDENTITY.ADMIN_EMAIL_TAKEN), because whoever
 * registered it first would otherwise become admin with their own password.
 */
export class EnsureAdmin extends Command<EnsuredAdmin> {
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
    private readonly commands: CommandBus,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: EnsureAdmin): Promise<EnsuredAdmin> {
    const existing = await this.users.findOneBy({ email: command.email.trim().toLowerCase() });
    if (existing) {
      if (!existing.roles.includes('admin')) throw IdentityErrors.adminEmailTaken(existing.id);
      return { userId: existing.id, created: false };
    }
    try {
      const { userId } = await this.commands.execute(
        new RegisterUser(command.email, command.password, 'Administrator', command.context, ['learner', 'admin'], true),
      );
      return { userId, created: true };
    } catch (error) {
      // Another process booting at the same moment (or a registration) took the email first: look again.
      if (error instanceof DomainError && error.code === 'IDENTITY.EMAIL_TAKEN') return this.execute(command);
      throw error;
    }
  }
}
