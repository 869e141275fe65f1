import type { Decider } from '#platform/domain';
import { CommunityErrors } from './community.errors.js';
import type { PostKind, ReportEvent } from './community-events.js';

export interface ReportState {
  reported: boolean;
}

export interface ReportCommand {
  type: 'ReportPost';
  postKind: PostKind;
  postId: string;
  reporterId: string;
  reason: string;
  /** The post as loaded: who wrote it, and whether it still stands (not deleted or removed). */
  post: { authorId: string; standing: boolean };
}

/** Where one user's report of one post is recorded: each user reports a post once. */
export const reportStream = (postKind: PostKind, postId: string, reporterId: string) => ({
  streamId: `report-${postKind}-${postId}-${reporterId}`,
  streamType: 'report',
});

export const reportDecider: Decider<ReportState, ReportCommand, ReportEvent> = {
  initialState: () => ({ reported: false }),
  evolve: () => ({ reported: true }),
  decide(command, state) {
    const { postKind, postId, reporterId, reason, post } = command;
    if (state.reported) throw CommunityErrors.alreadyReported();
    if (post.authorId === reporterId) throw CommunityErrors.ownPost();
    if (!post.standing) throw CommunityErrors.postGone();
    return [{ type: 'community.post-reported', data: { postKind, postId, reporterId, reason } }];
  },
};
