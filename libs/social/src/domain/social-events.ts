import type { DomainEvent } from '#platform/domain';

/** What a learner may follow: a creator (a user), or a column (专栏, a content of kind column). */
export const FOLLOW_TARGET_TYPES = ['creator', 'column'] as const;
export type FollowTargetType = (typeof FOLLOW_TARGET_TYPES)[number];

// A follow's life, on its stream `follow-<follower>-<type>-<target>`.
export type Followed = DomainEvent<'social.followed', { followerId: string; targetType: FollowTargetType; targetId: string }>;
export type Unfollowed = DomainEvent<'social.unfollowed', { followerId: string; targetType: FollowTargetType; targetId: string }>;
export type FollowEvent = Followed | Unfollowed;

// A mute's life, on its stream `mute-<user>-<type>-<target>`: notifications of that creator or column stop reaching the user.
export type Muted = DomainEvent<'social.muted', { userId: string; targetType: FollowTargetType; targetId: string }>;
export type Unmuted = DomainEvent<'social.unmuted', { userId: string; targetType: FollowTargetType; targetId: string }>;
export type MuteEvent = Muted | Unmuted;

// Two people's direct messages (私信), on the stream `conversation-<id>` of their pair: the
// conversation, its messages and the blocks between them.
export type ConversationStarted = DomainEvent<'social.conversation-started', { conversationId: string; learnerId: string; creatorId: string }>;
export type MessageSent = DomainEvent<
  'social.message-sent',
  { conversationId: string; messageId: string; senderId: string; recipientId: string; body: string; sentAt: string }
>;
export type UserBlocked = DomainEvent<'social.user-blocked', { conversationId: string; blockerId: string; blockedId: string }>;
export type UserUnblocked = DomainEvent<'social.user-unblocked', { conversationId: string; blockerId: string; blockedId: string }>;
export type ConversationEvent = ConversationStarted | MessageSent | UserBlocked | UserUnblocked;

/** Stored names and current schema versions of every social event. */
export const socialEventTypes = {
  'social.followed': { schemaVersion: 1 },
  'social.unfollowed': { schemaVersion: 1 },
  'social.muted': { schemaVersion: 1 },
  'social.unmuted': { schemaVersion: 1 },
  'social.conversation-started': { schemaVersion: 1 },
  // A message is its sender's personal data: sealed with their key, gone with it (crypto-shredding).
  'social.message-sent': { schemaVersion: 1, personalData: { subject: 'senderId', fields: ['body'] } },
  'social.user-blocked': { schemaVersion: 1 },
  'social.user-unblocked': { schemaVersion: 1 },
} as const;
