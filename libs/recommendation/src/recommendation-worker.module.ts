import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#platform';
import { RebuildSchedule } from './jobs/rebuild-schedule.js';
import { RecommendationRelayRoutes } from './jobs/recommendation-relay-routes.js';
import { RecommendationListsProcessor } from './jobs/recommendation-lists.processor.js';
import { RecommendationNeighboursProcessor } from './jobs/recommendation-neighbours.processor.js';
import { RecommendationProcessor } from './jobs/recommendation.processor.js';
import { NewItemNeighbourhoods } from './projections/new-item-neighbourhoods.js';
import { RecommendationReadModel } from './projections/recommendation-read-model.js';
import { RecommendationSignals } from './projections/recommendation-signals.js';
import { DEFAULT_SIMILARITY_BATCH_SETTINGS, SIMILARITY_BATCH_SETTINGS, SimilarityBatches, type SimilarityBatchSettings } from './projections/similarity-batches.js';
import { RecommendationModule } from './recommendation.module.js';

/** The worker side: relay routes, the processor that builds the read models, and the batch schedule. */
@Module({
  imports: [RecommendationModule],
  providers: [
    RecommendationRelayRoutes,
    RecommendationProcessor,
    RecommendationNeighboursProcessor,
    RecommendationListsProcessor,
    RebuildSchedule,
    RecommendationReadModel,
    RecommendationSignals,
    NewItemNeighbourhoods,
    SimilarityBatches,
    {
      provide: SIMILARITY_BATCH_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): SimilarityBatchSettings => ({ ...DEFAULT_SIMILARITY_BATCH_SETTINGS, easeMaxWork: config.recommendationEaseMaxWork, userKnnMaxItemLearners: config.recommendationUserKnnMaxItemLearners }),
    },
  ],
})
export class RecommendationWorkerModule {}
