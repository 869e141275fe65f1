import { DomainError } from '#platform/domain';

export const SocialErrors = {
  followTargetNotFound: () => new DomainError('SOCIAL.FOLLOW_TARGET_NOT_FOUND', 'not_found', 'No such creator or column to follow.'),
  muteTargetNotFound: () => new DomainError('SOCIAL.MUTE_TARGET_NOT_FOUND', 'not_found', 'No such creator or column to mute.'),
  cannotFollowSelf: () => new DomainError('SOCIAL.CANNOT_FOLLOW_SELF', 'invalid', 'You cannot follow yourself or your own column.'),
  /** One refusal for every reason (not a buyer, blocked either way, no such user): a sender learns nothing more. */
  cannotMessage: () => new DomainError('SOCIAL.CANNOT_MESSAGE', 'forbidden', 'You cannot message this user.'),
  cannotBlockSelf: () => new DomainError('SOCIAL.CANNOT_BLOCK_SELF', 'invalid', 'You cannot block yourself.'),
  conversationNotFound: () => new DomainError('SOCIAL.CONVERSATION_NOT_FOUND', 'not_found', 'No such conversation.'),
  notificationNotFound: () => new DomainError('SOCIAL.NOTIFICATION_NOT_FOUND', 'not_found', 'No such notification.'),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError('SOCIAL.RATE_LIMITED', 'throttled', `Too many messages; send again in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  busy: () =>
    new DomainError('SOCIAL.BUSY', 'unavailable', 'Messages cannot be counted against the rate limit right now; send again in a moment.', {
      retryAfterSeconds: 1,
    }),
};
