import { Module } from '@nestjs/common';
import { AdminExperimentsController } from './http/admin-experiments.controller.js';
import { AdminRecommendationsController } from './http/admin-recommendations.controller.js';
import { MyInterestsController } from './http/my-interests.controller.js';
import { MyRecommendationsController } from './http/my-recommendations.controller.js';
import { SimilarContentsController } from './http/similar-contents.controller.js';
import { RecommendationModule } from './recommendation.module.js';

/** The api side of recommendation: the learner's list, similar contents, the admin's rebuild request and A/B experiments. */
@Module({
  imports: [RecommendationModule],
  controllers: [MyRecommendationsController, MyInterestsController, SimilarContentsController, AdminRecommendationsController, AdminExperimentsController],
})
export class RecommendationHttpModule {}
