import type { Decider } from '#platform/domain';
import type { FollowEvent, FollowTargetType } from './social-events.js';
import { SocialErrors } from './social.errors.js';

export interface FollowState {
  following: boolean;
}

/** What the handler found to follow: the target's owner (the creator, or the column's creator), or null when there is no such target. */
export interface FollowTarget {
  type: FollowTargetType;
  id: string;
  ownerId: string;
}

export type FollowCommand =
  | { type: 'Follow'; followerId: string; targetType: FollowTargetType; targetId: string; target: FollowTarget | null }
  | { type: 'Unfollow'; followerId: string; targetType: FollowTargetType; targetId: string };

/** Where one follower's follow of one target is recorded: one stream per pair, so parallel follows race on its version. */
export const followStream = (followerId: string, targetType: FollowTargetType, targetId: string) => ({
  streamId: `follow-${followerId}-${targetType}-${targetId}`,
  streamType: 'follow',
});

/** Follow and unfollow are idempotent: asking for what already holds records nothing. */
export const followDecider: Decider<FollowState, FollowCommand, FollowEvent> = {
  initialState: () => ({ following: false }),
  evolve: (_state, event) => ({ following: event.type === 'social.followed' }),
  decide(command, state) {
    const { followerId, targetType, targetId } = command;
    if (command.type === 'Unfollow') return state.following ? [{ type: 'social.unfollowed', data: { followerId, targetType, targetId } }] : [];
    if (!command.target) throw SocialErrors.followTargetNotFound();
    if (command.target.ownerId === followerId) throw SocialErrors.cannotFollowSelf();
    return state.following ? [] : [{ type: 'social.followed', data: { followerId, targetType, targetId } }];
  },
};
