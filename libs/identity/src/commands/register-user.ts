import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { type CommandContext, Decisions, type Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';
import { UserRecord } from '../projections/user.record.js';
import { Passwords } from './passwords.js';

export class RegisterUser extends Command<{ userId: string }> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly displayName: string,
    readonly context: CommandContext,
    readonly roles: Role[] = ['learner'],
  ) {
    super();
  }
}

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser> {
  constructor(
    private readonly decisions: Decisions,
    private readonly passwords: Passwords,
    @InjectRepository(UserRecord) private readonly users: Repository<UserRecord>,
  ) {}

  async execute(command: RegisterUser): Promise<{ userId: string }> {
    const email = command.email.trim().toLowerCase();
    // A friendly early answer; the projector's unique email is what actually guarantees it.
    if (await this.users.existsBy({ email })) throw IdentityErrors.emailTaken();
    const userId = randomUUID();
    await this.decisions.execute(userDecider, {
      streamId: `user-${userId}`,
      streamType: 'user',
      context: command.context,
      command: {
        type: 'RegisterUser',
        userId,
        email,
        displayName: command.displayName.trim(),
        passwordHash: await this.passwords.hash(command.password),
        roles: command.roles,
      },
    });
    return { userId };
  }
}
