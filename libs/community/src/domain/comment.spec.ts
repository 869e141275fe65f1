import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { type CommentCommand, type CommentState, commentDecider, commentStream } from './comment.js';
import type { CommentEvent, CommentTarget } from './community-events.js';

const { given } = deciderSpec(commentDecider);
const item: CommentTarget = { contentId: 'c1', lessonId: null };
const lesson: CommentTarget = { contentId: 'c1', lessonId: 'l1' };
const postedAt = '2026-11-28T10:00:00.000Z';

const posted = (overrides: Partial<CommentEvent['data']> = {}): CommentEvent => ({
  type: 'community.comment-posted',
  data: { commentId: 'k1', contentId: 'c1', lessonId: null, parentId: null, authorId: 'alice', body: 'hello', held: false, postedAt, ...overrides },
} as CommentEvent);
const post = (overrides: Partial<Extract<CommentCommand, { type: 'PostComment' }>> = {}): CommentCommand => ({
  type: 'PostComment',
  commentId: 'k1',
  target: item,
  authorId: 'alice',
  body: 'hello',
  held: false,
  postedAt,
  parent: null,
  ...overrides,
});
const edit = (overrides: Partial<Extract<CommentCommand, { type: 'EditComment' }>> = {}): CommentCommand => ({
  type: 'EditComment',
  by: 'alice',
  body: 'better',
  held: false,
  at: '2026-11-28T10:15:00.000Z',
  editWindowSeconds: 900,
  ...overrides,
});
const moderate = (decision: 'approved' | 'removed', reportedPending = false): CommentCommand => ({
  type: 'ModerateComment',
  decision,
  moderatorId: 'mod',
  reason: 'checked',
  reportedPending,
});
const edited = (held = false): CommentEvent => ({ type: 'community.comment-edited', data: { commentId: 'k1', authorId: 'alice', body: 'better', held } });
const deleted: CommentEvent = { type: 'community.comment-deleted', data: { commentId: 'k1' } };
const moderated = (decision: 'approved' | 'removed'): CommentEvent => ({
  type: 'community.comment-moderated',
  data: { commentId: 'k1', decision, moderatorId: 'mod', reason: 'checked' },
});

/** The state a parent comment is loaded in. */
const parentState = (events: CommentEvent[]): CommentState => events.reduce(commentDecider.evolve, commentDecider.initialState());

describe('comment decider: posting', () => {
  it('posts a top comment, visible or held as the word filter said', () => {
    given([]).when(post()).then([posted()]);
    given([]).when(post({ held: true })).then([posted({ held: true })]);
    given([]).when(post({ target: lesson })).then([posted({ lessonId: 'l1' })]);
  });
  it('refuses to post the same comment twice', () => {
    given([posted()]).when(post()).thenRefuses('COMMUNITY.COMMENT_EXISTS', 'conflict');
  });
  it('replies to a top comment, and attaches a reply to a reply to the top of its thread', () => {
    const top = parentState([posted({ commentId: 'top' })]);
    given([]).when(post({ commentId: 'r1', parent: top })).then([posted({ commentId: 'r1', parentId: 'top' })]);
    const reply = parentState([posted({ commentId: 'r1', parentId: 'top' })]);
    given([]).when(post({ commentId: 'r2', parent: reply })).then([posted({ commentId: 'r2', parentId: 'top' })]);
  });
  it('refuses a reply to a comment that does not exist', () => {
    given([]).when(post({ parent: commentDecider.initialState() })).thenRefuses('COMMUNITY.PARENT_NOT_FOUND', 'not_found');
  });
  it('refuses a reply to a comment that is held, deleted or removed', () => {
    for (const after of [[posted({ commentId: 'top', held: true })], [posted({ commentId: 'top' }), deleted], [posted({ commentId: 'top' }), moderated('removed')]]) {
      given([]).when(post({ parent: parentState(after) })).thenRefuses('COMMUNITY.PARENT_NOT_FOUND');
    }
  });
  it('refuses a reply across items or lessons', () => {
    given([]).when(post({ parent: parentState([posted({ commentId: 'top', lessonId: 'l1' })]) })).thenRefuses('COMMUNITY.PARENT_NOT_FOUND');
    given([]).when(post({ target: lesson, parent: parentState([posted({ commentId: 'top' })]) })).thenRefuses('COMMUNITY.PARENT_NOT_FOUND');
    given([]).when(post({ parent: parentState([posted({ commentId: 'top', contentId: 'c2' })]) })).thenRefuses('COMMUNITY.PARENT_NOT_FOUND');
  });
});

describe('comment decider: its author edits and deletes', () => {
  it('edits within the window, to the second; the new text is held or not as the filter says', () => {
    given([posted()]).when(edit()).then([edited()]);
    given([posted()]).when(edit({ held: true })).then([edited(true)]);
    given([posted({ held: true })]).when(edit()).then([edited()]);
  });
  it('refuses an edit after the window', () => {
    const error = given([posted()]).when(edit({ at: '2026-11-28T10:15:00.001Z' })).thenRefuses('COMMUNITY.EDIT_WINDOW_CLOSED', 'conflict');
    expect(error.details).toEqual({ windowSeconds: 900 });
    given([posted()]).when(edit({ at: '2026-11-28T10:00:01.000Z', editWindowSeconds: 0 })).thenRefuses('COMMUNITY.EDIT_WINDOW_CLOSED');
  });
  it('refuses an edit or a delete by anyone but the author', () => {
    given([posted()]).when(edit({ by: 'mallory' })).thenRefuses('COMMUNITY.NOT_YOUR_COMMENT', 'forbidden');
    given([posted()]).when({ type: 'DeleteComment', by: 'mallory' }).thenRefuses('COMMUNITY.NOT_YOUR_COMMENT', 'forbidden');
  });
  it('refuses to edit a deleted or removed comment', () => {
    expect(given([posted(), deleted]).when(edit()).thenRefuses('COMMUNITY.COMMENT_GONE', 'conflict').details).toEqual({ status: 'deleted' });
    expect(given([posted(), moderated('removed')]).when(edit()).thenRefuses('COMMUNITY.COMMENT_GONE').details).toEqual({ status: 'removed' });
  });
  it('deletes once; again is a no-op', () => {
    given([posted()]).when({ type: 'DeleteComment', by: 'alice' }).then([deleted]);
    given([posted({ held: true })]).when({ type: 'DeleteComment', by: 'alice' }).then([deleted]);
    given([posted(), deleted]).when({ type: 'DeleteComment', by: 'alice' }).then([]);
  });
  it('refuses to delete a comment a moderator removed', () => {
    given([posted(), moderated('removed')]).when({ type: 'DeleteComment', by: 'alice' }).thenRefuses('COMMUNITY.COMMENT_GONE');
  });
  it('knows no comment that was never posted', () => {
    for (const command of [edit(), { type: 'DeleteComment', by: 'alice' }, moderate('approved'), moderate('removed')] as CommentCommand[]) {
      given([]).when(command).thenRefuses('COMMUNITY.COMMENT_NOT_FOUND', 'not_found');
    }
  });
});

describe('comment decider: moderation', () => {
  it('approves a held comment, or a visible one with reports pending', () => {
    given([posted({ held: true })]).when(moderate('approved')).then([moderated('approved')]);
    given([posted()]).when(moderate('approved', true)).then([moderated('approved')]);
    given([posted(), edited(true)]).when(moderate('approved')).then([moderated('approved')]);
  });
  it('refuses to approve what is not waiting for a moderator', () => {
    given([posted()]).when(moderate('approved')).thenRefuses('COMMUNITY.NOT_PENDING', 'conflict');
    given([posted(), deleted]).when(moderate('approved', true)).thenRefuses('COMMUNITY.NOT_PENDING');
    given([posted({ held: true }), moderated('approved')]).when(moderate('approved')).thenRefuses('COMMUNITY.NOT_PENDING');
    given([posted(), moderated('removed')]).when(moderate('approved', true)).thenRefuses('COMMUNITY.NOT_PENDING');
  });
  it('removes any comment that stands or was deleted; removing again is a no-op', () => {
    given([posted()]).when(moderate('removed')).then([moderated('removed')]);
    given([posted({ held: true })]).when(moderate('removed')).then([moderated('removed')]);
    given([posted(), deleted]).when(moderate('removed')).then([moderated('removed')]);
    given([posted(), moderated('removed')]).when(moderate('removed')).then([]);
  });
  it('shows again once approved, and an approved comment edited into a listed word is held again', () => {
    given([posted({ held: true }), moderated('approved')]).when({ type: 'DeleteComment', by: 'alice' }).then([deleted]);
    given([posted({ held: true }), moderated('approved'), edited(true)]).when(moderate('approved')).then([moderated('approved')]);
  });
});

describe('comment streams', () => {
  it('keep each comment on its own stream', () => {
    expect(commentStream('k1')).toEqual({ streamId: 'comment-k1', streamType: 'comment' });
  });
  it('ignore events that follow none they depend on', () => {
    expect(parentState([edited(), deleted, moderated('approved')])).toEqual({ status: 'none' });
  });
});
