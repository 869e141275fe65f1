import { Module } from '@nestjs/common';
import { RebuildSchedule } from './jobs/rebuild-schedule.js';
import { RecommendationRelayRoutes } from './jobs/recommendation-relay-routes.js';
import { RecommendationProcessor } from './jobs/recommendation.processor.js';
import { RecommendationReadModel } from './projections/recommendation-read-model.js';
import { SimilarityBatches } from './projections/similarity-batches.js';
import { RecommendationModule } from './recommendation.module.js';

/** The worker side: relay routes, the processor that builds the read models, and the batch schedule. */
@Module({
  imports: [RecommendationModule],
  providers: [RecommendationRelayRoutes, RecommendationProcessor, RebuildSchedule, RecommendationReadModel, SimilarityBatches],
})
export class RecommendationWorkerModule {}
