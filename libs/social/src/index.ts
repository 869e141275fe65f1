// Public surface of the social domain: follows, notifications, direct messages.
export { SocialModule } from './social.module.js';
export { SocialHttpModule } from './social-http.module.js';
export { SocialWorkerModule } from './social-worker.module.js';
export { socialEventTypes, FOLLOW_TARGET_TYPES, type FollowTargetType } from './domain/social-events.js';
export type {
  Followed,
  Unfollowed,
  FollowEvent,
  ConversationStarted,
  MessageSent,
  UserBlocked,
  UserUnblocked,
  ConversationEvent,
} from './domain/social-events.js';
export { Follow } from './commands/follow.js';
export { Unfollow } from './commands/unfollow.js';
export { SendMessage, type SentMessage } from './commands/send-message.js';
export { BlockUser } from './commands/block-user.js';
export { GetFollowerCount } from './queries/get-follower-count.js';
export { NotificationJob, type FanOutJobData } from './jobs/notification-jobs.js';
export { Social1764760000000 } from './migrations/1764760000000-social.js';
export { SocialErasedSenders1764800100000 } from './migrations/1764800100000-social-erased-senders.js';
export { SocialColumnBuyers1764830000000 } from './migrations/1764830000000-social-column-buyers.js';
export { SocialMutes1764900400000 } from './migrations/1764900400000-social-mutes.js';
