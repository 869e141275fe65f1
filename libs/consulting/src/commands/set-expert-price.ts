import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { expertPriceDecider } from '../domain/expert-price.js';

/** An expert (or a creator) sets what a paid question to them costs, and whether they take any now. */
export class SetExpertPrice extends Command<void> {
  constructor(
    readonly amountCents: number,
    readonly currency: string,
    readonly enabled: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetExpertPrice)
export class SetExpertPriceHandler implements ICommandHandler<SetExpertPrice> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ amountCents, currency, enabled, context }: SetExpertPrice): Promise<void> {
    // Always their own price: the stream is the caller's, whatever else the request says.
    const actor = this.abilities.require(context.actor, 'set', 'ExpertPrice');
    await this.decisions.execute(expertPriceDecider, {
      streamId: `expert-price-${actor.userId}`,
      streamType: 'expert-price',
      context,
      command: { type: 'SetPrice', expertId: actor.userId, amountCents, currency, enabled },
    });
  }
}
