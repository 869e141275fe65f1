import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { BlockUserHandler } from './commands/block-user.js';
import { FollowHandler } from './commands/follow.js';
import { MuteHandler, UnmuteHandler } from './commands/mute.js';
import { MarkConversationReadHandler } from './commands/mark-conversation-read.js';
import { MarkNotificationsReadHandler } from './commands/mark-notifications-read.js';
import { SendMessageHandler } from './commands/send-message.js';
import { UnfollowHandler } from './commands/unfollow.js';
import { socialEventTypes } from './domain/social-events.js';
import { MessageRateLimit } from './messaging/message-rate-limit.js';
import { SocialRules } from './policies/social.rules.js';
import { ConversationsProjector } from './projections/conversations.projector.js';
import { ErasedSendersProjector } from './projections/erased-senders.projector.js';
import { FollowsProjector } from './projections/follows.projector.js';
import { MutesProjector } from './projections/mutes.projector.js';
import { SocialSourcesProjector } from './projections/social-sources.projector.js';
import { GetFollowerCountHandler } from './queries/get-follower-count.js';
import { ListConversationMessagesHandler } from './queries/list-conversation-messages.js';
import { ListMyConversationsHandler } from './queries/list-my-conversations.js';
import { ListMyFollowsHandler } from './queries/list-my-follows.js';
import { ListMyNotificationsHandler } from './queries/list-my-notifications.js';

/** The social core, in every process: event types, commands, queries, inline projections, rules. */
@Module({
  providers: [
    FollowHandler,
    MuteHandler,
    UnmuteHandler,
    UnfollowHandler,
    SendMessageHandler,
    BlockUserHandler,
    MarkNotificationsReadHandler,
    MarkConversationReadHandler,
    ListMyFollowsHandler,
    GetFollowerCountHandler,
    ListMyNotificationsHandler,
    ListMyConversationsHandler,
    ListConversationMessagesHandler,
    FollowsProjector,
    MutesProjector,
    SocialSourcesProjector,
    ConversationsProjector,
    ErasedSendersProjector,
    MessageRateLimit,
    SocialRules,
  ],
})
export class SocialModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(socialEventTypes);
  }
}
