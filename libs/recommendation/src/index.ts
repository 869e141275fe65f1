// Public surface of the recommendation domain.
export { RecommendationModule } from './recommendation.module.js';
export { RecommendationHttpModule } from './recommendation-http.module.js';
export { RecommendationWorkerModule } from './recommendation-worker.module.js';
export { recommendationEventTypes } from './domain/recommendation-events.js';
export type { RebuildRequested } from './domain/recommendation-events.js';
export type { Recommendation, RecommendationReason } from './domain/ranking.js';
export { RequestRecommendationRebuild, type RebuildRequestReceipt } from './commands/request-recommendation-rebuild.js';
export { GetMyRecommendations } from './queries/get-my-recommendations.js';
export { GetSimilarContents, type SimilarContent } from './queries/get-similar-contents.js';
export { RecommendationRelayRoutes } from './jobs/recommendation-relay-routes.js';
export { RecommendationProcessor } from './jobs/recommendation.processor.js';
export {
  RecommendationJob,
  REBUILD_SCHEDULER_ID,
  type ContentPublishedJobData,
  type PurchaseRecordedJobData,
  type RebuildJobData,
  type ScheduledRebuildJobData,
} from './jobs/recommendation-jobs.js';
export { RecommendationListDto, RecommendationDto, RebuildRequestedDto, SimilarContentListDto } from './http/recommendation.dto.js';
export { Recommendation1764202000000 } from './migrations/1764202000000-recommendation.js';
export { RecommendationBatches1764300000000 } from './migrations/1764300000000-recommendation-batches.js';
export { RecommendationModels1764860000000 } from './migrations/1764860000000-recommendation-models.js';
export { RecommendationModelChoice1764880000000 } from './migrations/1764880000000-recommendation-model-choice.js';
