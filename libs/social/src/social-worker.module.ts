import { Module } from '@nestjs/common';
import { NotificationFanOut } from './jobs/notification-fan-out.js';
import { NotificationsProcessor } from './jobs/notifications.processor.js';
import { SocialRelayRoutes } from './jobs/social-relay-routes.js';
import { SocialModule } from './social.module.js';

/** The worker side: announcing events relayed as fan-out jobs, and the queue that delivers them. */
@Module({
  imports: [SocialModule],
  providers: [SocialRelayRoutes, NotificationsProcessor, NotificationFanOut],
})
export class SocialWorkerModule {}
