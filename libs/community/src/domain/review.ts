import type { Decider } from '#platform/domain';
import { CommunityErrors } from './community.errors.js';
import type { ModerationDecision, ReviewEvent, WithdrawalReason } from './community-events.js';

/** `none`: no text; `held`: its text waits for a moderator (the stars count at once: they carry no words). */
export type ReviewTextStatus = 'none' | 'visible' | 'held';

export type ReviewState =
  | { status: 'none' | 'gone' }
  | { status: 'active'; contentId: string; userId: string; stars: number; textStatus: ReviewTextStatus };

export type ReviewCommand =
  | { type: 'PostReview'; contentId: string; userId: string; stars: number; text: string; held: boolean; buyer: boolean }
  | { type: 'DeleteReview' }
  | { type: 'WithdrawReview'; orderId: string; reason: WithdrawalReason }
  | ({ type: 'ModerateReview'; reportedPending: boolean } & ModerationDecision);

export const MIN_STARS = 1;
export const MAX_STARS = 5;

/** Where one user's review of one item is recorded: one review per user and item. */
export const reviewStream = (contentId: string, userId: string) => ({ streamId: `review-${contentId}-${userId}`, streamType: 'review' });

/**
 * A buyer rates an item 1–5 with an optional text; posting again replaces the review (previousStars
 * says what it replaced). Its author deletes it, a moderator removes it or approves its held text.
 *
 * A review is withdrawn (taken out of the average and the list, like a removal) once its author no
 * longer holds the item by purchase: an order refunded in full or charged back. Why not keep it with
 * a mark: a rating is the word of people who paid and kept what they paid for; "buy, rate, refund"
 * would otherwise let anyone rate (or bomb) an item for free, within the refund window, as often as
 * they like. A partial refund (a goodwill discount, one item of a bundle) leaves the item in their
 * hands and the review standing. The text stays in the event log for audit and the author may rate
 * again if they buy again. Its author is not left guessing: they still see it, marked withdrawn with
 * when and why (nobody else does).
 */
export const reviewDecider: Decider<ReviewState, ReviewCommand, ReviewEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'community.review-posted': {
        const { contentId, userId, stars } = event.data;
        return { status: 'active', contentId, userId, stars, textStatus: state.status === 'active' ? state.textStatus : 'none' };
      }
      case 'community.review-text-written': {
        if (state.status !== 'active') return state;
        const { text, held } = event.data;
        return { ...state, textStatus: text === '' ? 'none' : held ? 'held' : 'visible' };
      }
      case 'community.review-removed':
        return { status: 'gone' };
      case 'community.review-moderated':
        return state.status === 'active' && event.data.decision === 'approved' && state.textStatus === 'held'
          ? { ...state, textStatus: 'visible' }
          : state;
      case 'community.review-withdrawn':
        return state;
    }
  },

  decide(command, state) {
    if (command.type === 'PostReview') {
      const { contentId, userId, stars, text, held, buyer } = command;
      if (!buyer) throw CommunityErrors.notABuyer();
      if (!Number.isInteger(stars) || stars < MIN_STARS || stars > MAX_STARS) throw CommunityErrors.starsInvalid(stars);
      const previousStars = state.status === 'active' ? state.stars : null;
      return [
        { type: 'community.review-posted', data: { contentId, userId, stars, previousStars } },
        { type: 'community.review-text-written', data: { contentId, userId, text, held: text !== '' && held } },
      ];
    }
    // A refund of a buyer who never rated (or whose review is gone already, or a rerun) withdraws nothing.
    if (command.type === 'WithdrawReview' && state.status !== 'active') return [];
    if (state.status !== 'active') throw CommunityErrors.reviewNotFound();
    const { contentId, userId, stars } = state;
    const removed: ReviewEvent = { type: 'community.review-removed', data: { contentId, userId, stars } };
    if (command.type === 'DeleteReview') return [removed];
    if (command.type === 'WithdrawReview') return [{ type: 'community.review-withdrawn', data: { contentId, userId, orderId: command.orderId, reason: command.reason } }, removed];
    const { decision, moderatorId, reason } = command;
    const moderated: ReviewEvent = { type: 'community.review-moderated', data: { contentId, userId, decision, moderatorId, reason } };
    if (decision === 'removed') return [moderated, removed];
    if (state.textStatus !== 'held' && !command.reportedPending) throw CommunityErrors.notPending();
    return [moderated];
  },
};
