// Public surface of the recommendation domain.
export { RecommendationModule } from './recommendation.module.js';
export { RecommendationHttpModule } from './recommendation-http.module.js';
export { RecommendationWorkerModule } from './recommendation-worker.module.js';
export { recommendationEventTypes } from './domain/recommendation-events.js';
export type { RebuildRequested } from './domain/recommendation-events.js';
export type { Recommendation, RecommendationReason, ServedModel } from './domain/ranking.js';
export { RequestRecommendationRebuild, type RebuildRequestReceipt } from './commands/request-recommendation-rebuild.js';
export { GetMyRecommendations } from './queries/get-my-recommendations.js';
export { ServeMyRecommendations, type ServedRecommendations } from './queries/serve-my-recommendations.js';
export { CreateRecommendationExperiment, type NewExperiment } from './commands/create-recommendation-experiment.js';
export { StopRecommendationExperiment } from './commands/stop-recommendation-experiment.js';
export { ListRecommendationExperiments, type ExperimentView } from './queries/list-recommendation-experiments.js';
export { GetRecommendationExperiment, type ExperimentResults, type VariantResults } from './queries/get-recommendation-experiment.js';
export { assignVariant, type ExperimentVariant } from './domain/experiments.js';
export { twoProportionZTest, twoSidedNormalP, wilsonInterval } from './domain/experiment-statistics.js';
export type { ExperimentCreated, ExperimentStopped } from './domain/recommendation-events.js';
export { StateMyInterests } from './commands/state-my-interests.js';
export { GetMyInterests, type MyInterests } from './queries/get-my-interests.js';
export type { InterestsStated } from './domain/recommendation-events.js';
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
export { RecommendationUnlistedItems1764900200000 } from './migrations/1764900200000-recommendation-unlisted-items.js';
export { RecommendationExperiments1764870000000 } from './migrations/1764870000000-recommendation-experiments.js';
export { RecommendationSignals1764931000000 } from './migrations/1764931000000-recommendation-signals.js';
export { RecommendationModelChoice1764880000000 } from './migrations/1764880000000-recommendation-model-choice.js';
export { RecommendationServingReads1764930000000 } from './migrations/1764930000000-recommendation-serving-reads.js';
export { RecommendationCourseCompletions1764943000000 } from './migrations/1764943000000-recommendation-course-completions.js';
export { RecommendationPrecomputedLists1764942000000 } from './migrations/1764942000000-recommendation-precomputed-lists.js';
export { RecommendationInterests1764944000000 } from './migrations/1764944000000-recommendation-interests.js';
