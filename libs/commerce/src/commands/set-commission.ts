import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { type CommissionOverride, commissionDecider } from '../domain/commission.js';

/** Finance agrees a creator's own commission rates (per channel; null: back to the platform's default). Sales from then on use them. */
export class SetCommission extends Command<void> {
  constructor(
    readonly creatorId: string,
    readonly rates: CommissionOverride,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetCommission)
export class SetCommissionHandler implements ICommandHandler<SetCommission> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ creatorId, rates, context }: SetCommission): Promise<void> {
    const staff = this.abilities.require(context.actor, 'set', 'Commission');
    await this.decisions.execute(commissionDecider, {
      streamId: `commission-${creatorId}`,
      streamType: 'commission',
      context,
      command: { type: 'SetCommission', creatorId, setBy: staff.userId, ...rates },
    });
  }
}
