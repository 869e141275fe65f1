import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { SocialErrors } from './social.errors.js';

describe('social refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(SocialErrors.followTargetNotFound(), 'SOCIAL.FOLLOW_TARGET_NOT_FOUND', 'not_found', 'No such creator or column to follow.');
    expectRefusal(SocialErrors.muteTargetNotFound(), 'SOCIAL.MUTE_TARGET_NOT_FOUND', 'not_found', 'No such creator or column to mute.');
    expectRefusal(SocialErrors.cannotFollowSelf(), 'SOCIAL.CANNOT_FOLLOW_SELF', 'invalid', 'You cannot follow yourself or your own column.');
    expectRefusal(SocialErrors.cannotMessage(), 'SOCIAL.CANNOT_MESSAGE', 'forbidden', 'You cannot message this user.');
    expectRefusal(SocialErrors.cannotBlockSelf(), 'SOCIAL.CANNOT_BLOCK_SELF', 'invalid', 'You cannot block yourself.');
    expectRefusal(SocialErrors.conversationNotFound(), 'SOCIAL.CONVERSATION_NOT_FOUND', 'not_found', 'No such conversation.');
    expectRefusal(SocialErrors.notificationNotFound(), 'SOCIAL.NOTIFICATION_NOT_FOUND', 'not_found', 'No such notification.');
    expectRefusal(SocialErrors.rateLimited(12), 'SOCIAL.RATE_LIMITED', 'throttled', 'Too many messages; send again in 12 s.', { retryAfterSeconds: 12 });
    expectRefusal(
      SocialErrors.busy(),
      'SOCIAL.BUSY',
      'unavailable',
      'Messages cannot be counted against the rate limit right now; send again in a moment.',
      { retryAfterSeconds: 1 },
    );
  });
});
