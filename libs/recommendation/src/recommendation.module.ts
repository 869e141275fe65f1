import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { RequestRecommendationRebuildHandler } from './commands/request-recommendation-rebuild.js';
import { recommendationEventTypes } from './domain/recommendation-events.js';
import { AdminRecommendationsController } from './http/admin-recommendations.controller.js';
import { MyRecommendationsController } from './http/my-recommendations.controller.js';
import { RecommendationRules } from './policies/recommendation.rules.js';
import { GetMyRecommendationsHandler } from './queries/get-my-recommendations.js';

/** The api side: the learner's recommendations and the admin's rebuild request. No queue here. */
@Module({
  controllers: [MyRecommendationsController, AdminRecommendationsController],
  providers: [RequestRecommendationRebuildHandler, GetMyRecommendationsHandler, RecommendationRules],
})
export class RecommendationModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(recommendationEventTypes);
  }
}
