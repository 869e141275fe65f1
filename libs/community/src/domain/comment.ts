import type { Decider } from '#platform/domain';
import { CommunityErrors } from './community.errors.js';
import type { CommentEvent, CommentTarget, ModerationDecision } from './community-events.js';

export type CommentStatus = 'visible' | 'held' | 'deleted' | 'removed';

export type CommentState =
  | { status: 'none' }
  | { status: CommentStatus; commentId: string; authorId: string; target: CommentTarget; parentId: string | null; postedAt: string };

export type CommentCommand =
  | {
      type: 'PostComment';
      commentId: string;
      target: CommentTarget;
      authorId: string;
      body: string;
      held: boolean;
      postedAt: string;
      /** The comment replied to, as loaded; null for a top comment. */
      parent: CommentState | null;
    }
  | { type: 'EditComment'; by: string; body: string; held: boolean; at: string; editWindowSeconds: number }
  | { type: 'DeleteComment'; by: string }
  | ({ type: 'ModerateComment'; reportedPending: boolean } & ModerationDecision);

/** Where a comment's life is recorded. */
export const commentStream = (commentId: string) => ({ streamId: `comment-${commentId}`, streamType: 'comment' });

const sameTarget = (a: CommentTarget, b: CommentTarget) => a.contentId === b.contentId && a.lessonId === b.lessonId;

/**
 * Threads are one level deep: a reply to a reply attaches to the top comment of its thread, so a
 * client may answer any comment it shows. Only a visible comment of the same item or lesson can
 * be answered. Its author edits it within the window and deletes it (it then shows as deleted);
 * a moderator approves it when it was held or reported, or removes it.
 */
export const commentDecider: Decider<CommentState, CommentCommand, CommentEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'community.comment-posted': {
        const { commentId, authorId, contentId, lessonId, parentId, held, postedAt } = event.data;
        return { status: held ? 'held' : 'visible', commentId, authorId, target: { contentId, lessonId }, parentId, postedAt };
      }
      case 'community.comment-edited':
        return state.status === 'none' ? state : { ...state, status: event.data.held ? 'held' : 'visible' };
      case 'community.comment-deleted':
        return state.status === 'none' ? state : { ...state, status: 'deleted' };
      case 'community.comment-moderated':
        return state.status === 'none' ? state : { ...state, status: event.data.decision === 'approved' ? 'visible' : 'removed' };
    }
  },

  decide(command, state) {
    if (command.type === 'PostComment') {
      if (state.status !== 'none') throw CommunityErrors.commentExists();
      const { commentId, target, authorId, body, held, postedAt, parent } = command;
      let parentId: string | null = null;
      if (parent) {
        if (parent.status !== 'visible' || !sameTarget(parent.target, target)) throw CommunityErrors.parentNotFound();
        parentId = parent.parentId ?? parent.commentId;
      }
      return [
        {
          type: 'community.comment-posted',
          data: { commentId, contentId: target.contentId, lessonId: target.lessonId, parentId, authorId, body, held, postedAt },
        },
      ];
    }
    if (state.status === 'none') throw CommunityErrors.commentNotFound();
    const { commentId } = state;
    switch (command.type) {
      case 'EditComment': {
        if (command.by !== state.authorId) throw CommunityErrors.notYourComment();
        if (state.status === 'deleted' || state.status === 'removed') throw CommunityErrors.commentGone(state.status);
        if (Date.parse(command.at) - Date.parse(state.postedAt) > command.editWindowSeconds * 1000) {
          throw CommunityErrors.editWindowClosed(command.editWindowSeconds);
        }
        return [{ type: 'community.comment-edited', data: { commentId, authorId: state.authorId, body: command.body, held: command.held } }];
      }
      case 'DeleteComment':
        if (command.by !== state.authorId) throw CommunityErrors.notYourComment();
        if (state.status === 'removed') throw CommunityErrors.commentGone(state.status);
        return state.status === 'deleted' ? [] : [{ type: 'community.comment-deleted', data: { commentId } }];
      case 'ModerateComment': {
        const { decision, moderatorId, reason } = command;
        if (decision === 'removed') {
          return state.status === 'removed' ? [] : [{ type: 'community.comment-moderated', data: { commentId, decision, moderatorId, reason } }];
        }
        const pending = state.status === 'held' || (state.status === 'visible' && command.reportedPending);
        if (!pending) throw CommunityErrors.notPending();
        return [{ type: 'community.comment-moderated', data: { commentId, decision, moderatorId, reason } }];
      }
    }
  },
};
