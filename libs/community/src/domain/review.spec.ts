import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { ReviewEvent } from './community-events.js';
import { type ReviewCommand, reviewDecider, reviewStream } from './review.js';

const { given } = deciderSpec(reviewDecider);
const ids = { contentId: 'c1', userId: 'alice' };
const post = (overrides: Partial<Extract<ReviewCommand, { type: 'PostReview' }>> = {}): ReviewCommand => ({
  type: 'PostReview',
  ...ids,
  stars: 4,
  text: '很实用',
  held: false,
  buyer: true,
  ...overrides,
});
const posted = (stars: number, previousStars: number | null): ReviewEvent => ({ type: 'community.review-posted', data: { ...ids, stars, previousStars } });
const written = (text = '很实用', held = false): ReviewEvent => ({ type: 'community.review-text-written', data: { ...ids, text, held } });
const removed = (stars: number): ReviewEvent => ({ type: 'community.review-removed', data: { ...ids, stars } });
const moderate = (decision: 'approved' | 'removed', reportedPending = false): ReviewCommand => ({
  type: 'ModerateReview',
  decision,
  moderatorId: 'mod',
  reason: 'checked',
  reportedPending,
});
const moderated = (decision: 'approved' | 'removed'): ReviewEvent => ({
  type: 'community.review-moderated',
  data: { ...ids, decision, moderatorId: 'mod', reason: 'checked' },
});

describe('review decider: posting', () => {
  it('posts a first review (previousStars null) with its text, held or not', () => {
    given([]).when(post()).then([posted(4, null), written()]);
    given([]).when(post({ held: true })).then([posted(4, null), written('很实用', true)]);
    given([]).when(post({ text: '', held: true })).then([posted(4, null), written('', false)]);
  });
  it('replaces a review, saying what it replaced', () => {
    given([posted(4, null), written()]).when(post({ stars: 2, text: '后面太水' })).then([posted(2, 4), written('后面太水')]);
  });
  it('starts afresh after the review was deleted or removed', () => {
    given([posted(4, null), written(), removed(4)]).when(post({ stars: 5 })).then([posted(5, null), written()]);
  });
  it('accepts 1 to 5 whole stars', () => {
    given([]).when(post({ stars: 1 })).then([posted(1, null), written()]);
    given([]).when(post({ stars: 5 })).then([posted(5, null), written()]);
  });
  it('refuses stars outside 1 to 5, or not whole', () => {
    for (const stars of [0, 6, -1, 4.5, Number.NaN]) {
      given([]).when(post({ stars })).thenRefuses('COMMUNITY.STARS_INVALID', 'invalid');
    }
  });
  it('refuses a review by someone who did not buy the item', () => {
    given([]).when(post({ buyer: false })).thenRefuses('COMMUNITY.NOT_A_BUYER', 'forbidden');
    given([posted(4, null), written()]).when(post({ buyer: false })).thenRefuses('COMMUNITY.NOT_A_BUYER');
  });
});

describe('review decider: deleting and moderation', () => {
  it('lets its author delete it, with the stars it had', () => {
    given([posted(4, null), written(), posted(2, 4), written()]).when({ type: 'DeleteReview' }).then([removed(2)]);
  });
  it('knows no review never posted, or deleted or removed', () => {
    for (const past of [[], [posted(4, null), written(), removed(4)]]) {
      for (const command of [{ type: 'DeleteReview' }, moderate('approved', true), moderate('removed')] as ReviewCommand[]) {
        given(past).when(command).thenRefuses('COMMUNITY.REVIEW_NOT_FOUND', 'not_found');
      }
    }
  });
  it('removes a review as a moderator: the decision, then the stars leave', () => {
    given([posted(3, null), written()]).when(moderate('removed')).then([moderated('removed'), removed(3)]);
  });
  it('approves a held text, or a text with reports pending', () => {
    given([posted(3, null), written('加微信', true)]).when(moderate('approved')).then([moderated('approved')]);
    given([posted(3, null), written()]).when(moderate('approved', true)).then([moderated('approved')]);
  });
  it('refuses to approve a review that waits for nobody', () => {
    given([posted(3, null), written()]).when(moderate('approved')).thenRefuses('COMMUNITY.NOT_PENDING', 'conflict');
    given([posted(3, null), written('加微信', true), moderated('approved')]).when(moderate('approved')).thenRefuses('COMMUNITY.NOT_PENDING');
    given([posted(3, null), written('', false)]).when(moderate('approved')).thenRefuses('COMMUNITY.NOT_PENDING');
  });
  it('keeps a held text held when only the stars change, and a new clean text replaces it', () => {
    given([posted(3, null), written('加微信', true), posted(4, 3)]).when(moderate('approved')).then([moderated('approved')]);
    given([posted(3, null), written('加微信', true), posted(4, 3), written()]).when(moderate('approved')).thenRefuses('COMMUNITY.NOT_PENDING');
  });
  it('keeps each user\'s review of each item on its own stream', () => {
    expect(reviewStream('c1', 'u1')).toEqual({ streamId: 'review-c1-u1', streamType: 'review' });
  });
  it('folds what moderation and the text did into the review it keeps: held, approved to visible, gone once removed', () => {
    const fold = (events: ReviewEvent[]) => events.reduce(reviewDecider.evolve, reviewDecider.initialState());
    const active = { status: 'active', ...ids, stars: 3 };
    expect(fold([posted(3, null), written('', false)])).toEqual({ ...active, textStatus: 'none' });
    expect(fold([posted(3, null), written('加微信', true)])).toEqual({ ...active, textStatus: 'held' });
    expect(fold([posted(3, null), written('加微信', true), moderated('approved')])).toEqual({ ...active, textStatus: 'visible' });
    expect(fold([posted(3, null), written('加微信', true), moderated('removed')])).toEqual({ ...active, textStatus: 'held' });
    expect(fold([posted(3, null), written(), moderated('approved')])).toEqual({ ...active, textStatus: 'visible' });
    expect(fold([posted(3, null), written('加微信', true), posted(4, 3)])).toEqual({ ...active, stars: 4, textStatus: 'held' });
    expect(fold([posted(3, null), written(), { type: 'community.review-withdrawn', data: { ...ids, orderId: 'o-1' } }])).toEqual({ ...active, textStatus: 'visible' });
    expect(fold([posted(3, null), written(), removed(3)])).toEqual({ status: 'gone' });
  });
  it('ignores a text or an approval that follows no review', () => {
    const state = [written(), moderated('approved')].reduce(reviewDecider.evolve, reviewDecider.initialState());
    expect(state).toEqual({ status: 'none' });
  });
});

describe('review decider: withdrawal once the author no longer holds the item by purchase', () => {
  const withdraw: ReviewCommand = { type: 'WithdrawReview', orderId: 'o-1', reason: 'refunded' };
  const withdrawn: ReviewEvent = { type: 'community.review-withdrawn', data: { ...ids, orderId: 'o-1', reason: 'refunded' } };

  it('withdraws a standing review, saying which order took the item back, and takes its stars out of the average', () =>
    given([posted(4, null), written()]).when(withdraw).then([withdrawn, removed(4)]));
  it('takes out the stars the review has now, after a replacement', () =>
    given([posted(4, null), written(), posted(1, 4), written('')]).when(withdraw).then([withdrawn, removed(1)]));
  it('withdraws a review whose text is still held', () => given([posted(2, null), written('加微信', true)]).when(withdraw).then([withdrawn, removed(2)]));
  it('says why: a chargeback is not a refund (its author is shown which)', () =>
    given([posted(3, null), written()])
      .when({ type: 'WithdrawReview', orderId: 'o-2', reason: 'charged-back' })
      .then([{ type: 'community.review-withdrawn', data: { ...ids, orderId: 'o-2', reason: 'charged-back' } }, removed(3)]));
  it('withdraws nothing from a buyer who never rated the item', () => given([]).when(withdraw).then([]));
  it('withdraws nothing twice, nor what its author or a moderator removed already', () => {
    given([posted(4, null), written(), withdrawn, removed(4)]).when(withdraw).then([]);
    given([posted(4, null), written(), removed(4)]).when(withdraw).then([]);
  });
  it('lets the author rate again once they buy again: a first review', () =>
    given([posted(4, null), written(), withdrawn, removed(4)]).when(post({ stars: 5 })).then([posted(5, null), written()]));
});
