import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { experimentsDecider } from '../domain/experiments.js';
import { EXPERIMENTS_STREAM } from '../domain/recommendation-events.js';

/** Stops an experiment: from the next read everyone gets the hybrid again; its results stay readable. */
export class StopRecommendationExperiment extends Command<void> {
  constructor(
    readonly experimentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(StopRecommendationExperiment)
export class StopRecommendationExperimentHandler implements ICommandHandler<StopRecommendationExperiment> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ experimentId, context }: StopRecommendationExperiment): Promise<void> {
    const actor = this.abilities.require(context.actor, 'manage', 'RecommendationExperiment');
    await this.decisions.execute(experimentsDecider, {
      ...EXPERIMENTS_STREAM,
      context,
      command: { type: 'StopExperiment', experimentId, stoppedBy: actor.userId },
    });
  }
}
