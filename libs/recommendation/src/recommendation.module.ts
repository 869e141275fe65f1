import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { RequestRecommendationRebuildHandler } from './commands/request-recommendation-rebuild.js';
import { recommendationEventTypes } from './domain/recommendation-events.js';
import { RecommendationRules } from './policies/recommendation.rules.js';
import { GetMyRecommendationsHandler } from './queries/get-my-recommendations.js';
import { GetSimilarContentsHandler } from './queries/get-similar-contents.js';
import { ListRecommendationRunsHandler } from './queries/list-recommendation-runs.js';
import { CreateRecommendationExperimentHandler } from './commands/create-recommendation-experiment.js';
import { StopRecommendationExperimentHandler } from './commands/stop-recommendation-experiment.js';
import { ExperimentExposures } from './projections/experiment-exposures.js';
import { ExperimentsProjector } from './projections/experiments.projector.js';
import { GetRecommendationExperimentHandler } from './queries/get-recommendation-experiment.js';
import { ListRecommendationExperimentsHandler } from './queries/list-recommendation-experiments.js';
import { ServeMyRecommendationsHandler } from './queries/serve-my-recommendations.js';
import { PrecomputedLists } from './projections/precomputed-lists.js';
import { StateMyInterestsHandler } from './commands/state-my-interests.js';
import { InterestsProjector } from './projections/interests.projector.js';
import { GetMyInterestsHandler } from './queries/get-my-interests.js';

/** The recommendation core, in every process: event types, commands, queries, the experiments' inline projection, rules. No queue here. */
@Module({
  providers: [
    RequestRecommendationRebuildHandler,
    GetMyRecommendationsHandler,
    GetSimilarContentsHandler,
    ListRecommendationRunsHandler,
    RecommendationRules,
    CreateRecommendationExperimentHandler,
    StopRecommendationExperimentHandler,
    ExperimentsProjector,
    ExperimentExposures,
    ServeMyRecommendationsHandler,
    PrecomputedLists,
    ListRecommendationExperimentsHandler,
    GetRecommendationExperimentHandler,
    StateMyInterestsHandler,
    InterestsProjector,
    GetMyInterestsHandler,
  ],
  // The worker computes the lists the api reads.
  exports: [PrecomputedLists],
})
export class RecommendationModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(recommendationEventTypes);
  }
}
