import { Module } from '@nestjs/common';
import { CommunityModule } from './community.module.js';
import { WithdrawRefundedReviews } from './jobs/withdraw-refunded-reviews.subscriber.js';

/** The worker side of community: reviews withdrawn when their authors' purchases are taken back. */
@Module({
  imports: [CommunityModule],
  providers: [WithdrawRefundedReviews],
})
export class CommunityWorkerModule {}
