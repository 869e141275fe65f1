import type { Decider } from '#platform/domain';
import type { LikeEvent, LikeTargetKind } from './community-events.js';

export interface LikeState {
  liked: boolean;
}

export type LikeCommand = { type: 'Like' | 'Unlike'; targetKind: LikeTargetKind; targetId: string; userId: string };

/** Where one user's like of one target is recorded. */
export const likeStream = (targetKind: LikeTargetKind, targetId: string, userId: string) => ({
  streamId: `like-${targetKind}-${targetId}-${userId}`,
  streamType: 'like',
});

/** One like per user and target: liking again, or unliking what is not liked, changes nothing. */
export const likeDecider: Decider<LikeState, LikeCommand, LikeEvent> = {
  initialState: () => ({ liked: false }),
  evolve: (_state, event) => ({ liked: event.type === 'community.liked' }),
  decide(command, state) {
    const { targetKind, targetId, userId } = command;
    if (command.type === 'Like') return state.liked ? [] : [{ type: 'community.liked', data: { targetKind, targetId, userId } }];
    return state.liked ? [{ type: 'community.unliked', data: { targetKind, targetId, userId } }] : [];
  },
};
