import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { CommunityErrors } from './community.errors.js';

describe('community refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(CommunityErrors.contentNotFound(), 'COMMUNITY.CONTENT_NOT_FOUND', 'not_found', 'No such item, or not one you may read.');
    expectRefusal(CommunityErrors.lessonNotFound(), 'COMMUNITY.LESSON_NOT_FOUND', 'not_found', 'No such lesson in this item.');
    expectRefusal(
      CommunityErrors.lessonLocked(),
      'COMMUNITY.LESSON_LOCKED',
      'forbidden',
      "A lesson's comments are for the learners entitled to its item and its creator.",
    );
    expectRefusal(CommunityErrors.commentNotFound(), 'COMMUNITY.COMMENT_NOT_FOUND', 'not_found', 'No such comment.');
    expectRefusal(CommunityErrors.commentExists(), 'COMMUNITY.COMMENT_EXISTS', 'conflict', 'This comment was posted already.');
    expectRefusal(CommunityErrors.parentNotFound(), 'COMMUNITY.PARENT_NOT_FOUND', 'not_found', 'No such comment to reply to here.');
    expectRefusal(CommunityErrors.notYourComment(), 'COMMUNITY.NOT_YOUR_COMMENT', 'forbidden', 'Only its author may change a comment.');
    expectRefusal(CommunityErrors.commentGone('deleted'), 'COMMUNITY.COMMENT_GONE', 'conflict', 'This comment was deleted.', { status: 'deleted' });
    expectRefusal(
      CommunityErrors.editWindowClosed(900),
      'COMMUNITY.EDIT_WINDOW_CLOSED',
      'conflict',
      'A comment can be edited for 900 s after it is posted.',
      { windowSeconds: 900 },
    );
    expectRefusal(CommunityErrors.notPending(), 'COMMUNITY.NOT_PENDING', 'conflict', 'This post is not waiting for a moderator.');
    expectRefusal(CommunityErrors.notABuyer(), 'COMMUNITY.NOT_A_BUYER', 'forbidden', 'Only buyers of an item may review it.');
    expectRefusal(CommunityErrors.starsInvalid(6), 'COMMUNITY.STARS_INVALID', 'invalid', 'A review gives 1 to 5 whole stars.', { stars: 6 });
    expectRefusal(CommunityErrors.reviewNotFound(), 'COMMUNITY.REVIEW_NOT_FOUND', 'not_found', 'No such review.');
    expectRefusal(CommunityErrors.alreadyReported(), 'COMMUNITY.ALREADY_REPORTED', 'conflict', 'You reported this post already.');
    expectRefusal(CommunityErrors.ownPost(), 'COMMUNITY.OWN_POST', 'invalid', 'You cannot report your own post.');
    expectRefusal(CommunityErrors.postGone(), 'COMMUNITY.POST_GONE', 'conflict', 'This post was deleted or removed; there is nothing to report.');
    expectRefusal(CommunityErrors.rateLimited(12), 'COMMUNITY.RATE_LIMITED', 'throttled', 'You are posting too fast; try again in 12 s.', {
      retryAfterSeconds: 12,
    });
    expectRefusal(
      CommunityErrors.busy(),
      'COMMUNITY.BUSY',
      'unavailable',
      'Posts cannot be counted against the rate limits right now; try again in a moment.',
      { retryAfterSeconds: 1 },
    );
  });
});
