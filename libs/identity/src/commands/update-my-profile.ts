import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import type { Profile } from '../domain/identity-events.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { userDecider } from '../domain/user.js';

/** The signed-in user edits what they show of themselves; fields left out stay as they are. */
export class UpdateMyProfile extends Command<void> {
  constructor(
    readonly changes: Partial<Profile>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(UpdateMyProfile)
export class UpdateMyProfileHandler implements ICommandHandler<UpdateMyProfile> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute(command: UpdateMyProfile): Promise<void> {
    const actor = this.abilities.require(command.context.actor, 'update', 'User');
    await this.decisions.execute(userDecider, {
      streamId: `user-${actor.userId}`,
      streamType: 'user',
      context: command.context,
      command: { type: 'UpdateProfile', changes: command.changes },
      authorize: (state) => {
        if (state.status !== 'registered') throw IdentityErrors.userNotFound();
        this.abilities.require(actor, 'update', asSubject('User', { id: state.userId }));
      },
    });
  }
}
