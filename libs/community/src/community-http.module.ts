import { Module } from '@nestjs/common';
import { CommunityModule } from './community.module.js';
import { AdminCommunityController } from './http/admin-community.controller.js';
import { CommentsController } from './http/comments.controller.js';
import { ItemFeedbackController } from './http/reviews.controller.js';

/** The api side of the community: comments, likes, reviews, reports and the moderators' queue. */
@Module({
  imports: [CommunityModule],
  controllers: [CommentsController, ItemFeedbackController, AdminCommunityController],
})
export class CommunityHttpModule {}
