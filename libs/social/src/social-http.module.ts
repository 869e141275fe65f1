import { Module } from '@nestjs/common';
import { FollowsController } from './http/follows.controller.js';
import { MessagesController } from './http/messages.controller.js';
import { NotificationsController } from './http/notifications.controller.js';
import { SocialModule } from './social.module.js';

/** The api side of social: follows, the inbox, direct messages. */
@Module({
  imports: [SocialModule],
  controllers: [FollowsController, NotificationsController, MessagesController],
})
export class SocialHttpModule {}
