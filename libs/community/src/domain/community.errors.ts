import { DomainError } from '#platform/domain';

export const CommunityErrors = {
  contentNotFound: () => new DomainError('COMMUNITY.CONTENT_NOT_FOUND', 'not_found', 'No such item, or not one you may read.'),
  lessonNotFound: () => new DomainError('COMMUNITY.LESSON_NOT_FOUND', 'not_found', 'No such lesson in this item.'),
  lessonLocked: () =>
    new DomainError('COMMUNITY.LESSON_LOCKED', 'forbidden', "A lesson's comments are for the learners entitled to its item and its creator."),
  commentNotFound: () => new DomainError('COMMUNITY.COMMENT_NOT_FOUND', 'not_found', 'No such comment.'),
  commentExists: () => new DomainError('COMMUNITY.COMMENT_EXISTS', 'conflict', 'This comment was posted already.'),
  parentNotFound: () => new DomainError('COMMUNITY.PARENT_NOT_FOUND', 'not_found', 'No such comment to reply to here.'),
  notYourComment: () => new DomainError('COMMUNITY.NOT_YOUR_COMMENT', 'forbidden', 'Only its author may change a comment.'),
  commentGone: (status: string) => new DomainError('COMMUNITY.COMMENT_GONE', 'conflict', `This comment was ${status}.`, { status }),
  editWindowClosed: (windowSeconds: number) =>
    new DomainError('COMMUNITY.EDIT_WINDOW_CLOSED', 'conflict', `A comment can be edited for ${windowSeconds} s after it is posted.`, {
      windowSeconds,
    }),
  notPending: () => new DomainError('COMMUNITY.NOT_PENDING', 'conflict', 'This post is not waiting for a moderator.'),
  notABuyer: () => new DomainError('COMMUNITY.NOT_A_BUYER', 'forbidden', 'Only buyers of an item may review it.'),
  starsInvalid: (stars: number) => new DomainError('COMMUNITY.STARS_INVALID', 'invalid', 'A review gives 1 to 5 whole stars.', { stars }),
  reviewNotFound: () => new DomainError('COMMUNITY.REVIEW_NOT_FOUND', 'not_found', 'No such review.'),
  alreadyReported: () => new DomainError('COMMUNITY.ALREADY_REPORTED', 'conflict', 'You reported this post already.'),
  ownPost: () => new DomainError('COMMUNITY.OWN_POST', 'invalid', 'You cannot report your own post.'),
  postGone: () => new DomainError('COMMUNITY.POST_GONE', 'conflict', 'This post was deleted or removed; there is nothing to report.'),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError('COMMUNITY.RATE_LIMITED', 'throttled', `You are posting too fast; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
  busy: () =>
    new DomainError('COMMUNITY.BUSY', 'unavailable', 'Posts cannot be counted against the rate limits right now; try again in a moment.', {
      retryAfterSeconds: 1,
    }),
};
