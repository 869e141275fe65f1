import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { RequestRecommendationRebuildHandler } from './commands/request-recommendation-rebuild.js';
import { recommendationEventTypes } from './domain/recommendation-events.js';
import { RecommendationRules } from './policies/recommendation.rules.js';
import { GetMyRecommendationsHandler } from './queries/get-my-recommendations.js';
import { GetSimilarContentsHandler } from './queries/get-similar-contents.js';
import { ListRecommendationRunsHandler } from './queries/list-recommendation-runs.js';

/** The recommendation core, in every process: event types, commands, queries, rules. No queue here. */
@Module({
  providers: [RequestRecommendationRebuildHandler, GetMyRecommendationsHandler, GetSimilarContentsHandler, ListRecommendationRunsHandler, RecommendationRules],
})
export class RecommendationModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(recommendationEventTypes);
  }
}
