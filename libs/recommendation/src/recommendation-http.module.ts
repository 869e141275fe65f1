import { Module } from '@nestjs/common';
import { AdminRecommendationsController } from './http/admin-recommendations.controller.js';
import { MyRecommendationsController } from './http/my-recommendations.controller.js';
import { SimilarContentsController } from './http/similar-contents.controller.js';
import { RecommendationModule } from './recommendation.module.js';

/** The api side of recommendation: the learner's list, similar contents and the admin's rebuild request. */
@Module({
  imports: [RecommendationModule],
  controllers: [MyRecommendationsController, SimilarContentsController, AdminRecommendationsController],
})
export class RecommendationHttpModule {}
