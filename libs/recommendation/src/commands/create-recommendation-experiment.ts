import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AbilityFactory, type CommandContext, Decisions } from '#platform';
import { type ExperimentVariant, experimentsDecider } from '../domain/experiments.js';
import { EXPERIMENTS_STREAM } from '../domain/recommendation-events.js';

export interface NewExperiment {
  readonly name: string;
  readonly variants: readonly ExperimentVariant[];
  readonly conversionWindowHours: number;
}

/** Starts an A/B experiment between two served models; refused while another runs. Returns its id. */
export class CreateRecommendationExperiment extends Command<{ experimentId: string }> {
  constructor(
    readonly experiment: NewExperiment,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreateRecommendationExperiment)
export class CreateRecommendationExperimentHandler implements ICommandHandler<CreateRecommendationExperiment> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ experiment, context }: CreateRecommendationExperiment): Promise<{ experimentId: string }> {
    const actor = this.abilities.require(context.actor, 'manage', 'RecommendationExperiment');
    const experimentId = randomUUID();
    // Every experiment is decided on one stream: two admins starting one at once meet a version conflict, not two running experiments.
    await this.decisions.execute(experimentsDecider, {
      ...EXPERIMENTS_STREAM,
      context,
      command: { type: 'CreateExperiment', experimentId, ...experiment, createdBy: actor.userId },
    });
    return { experimentId };
  }
}
