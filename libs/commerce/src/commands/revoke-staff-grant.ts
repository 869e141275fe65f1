import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { staffGrantDecider } from '../domain/staff-grant.js';

/** Staff take back access they gave, with a reason; the learner's other grants for the item stay. */
export class RevokeStaffGrant extends Command<void> {
  constructor(
    readonly grantId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RevokeStaffGrant)
export class RevokeStaffGrantHandler implements ICommandHandler<RevokeStaffGrant> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ grantId, reason, context }: RevokeStaffGrant): Promise<void> {
    const staff = this.abilities.require(context.actor, 'revoke', 'AccessGrant');
    await this.decisions.execute(staffGrantDecider, {
      streamId: `staff-grant-${grantId}`,
      streamType: 'staff-grant',
      context,
      command: { type: 'RevokeStaffGrant', reason, revokedBy: staff.userId, now: new Date().toISOString() },
    });
  }
}
