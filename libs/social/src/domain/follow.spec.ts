import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { followDecider, followStream } from './follow.js';
import type { Followed, Unfollowed } from './social-events.js';

const spec = deciderSpec(followDecider);
const followerId = 'u-fan';
const creatorId = 'u-creator';
const followed: Followed = { type: 'social.followed', data: { followerId, targetType: 'creator', targetId: creatorId } };
const unfollowed: Unfollowed = { type: 'social.unfollowed', data: { followerId, targetType: 'creator', targetId: creatorId } };
const follow = { type: 'Follow' as const, followerId, targetType: 'creator' as const, targetId: creatorId, target: { type: 'creator' as const, id: creatorId, ownerId: creatorId } };
const unfollow = { type: 'Unfollow' as const, followerId, targetType: 'creator' as const, targetId: creatorId };

describe('following (given/when/then)', () => {
  it('given nothing, when following, then followed', () => spec.given([]).when(follow).then([followed]));
  it('given followed, when following again, then nothing (idempotent)', () => spec.given([followed]).when(follow).then([]));
  it('given followed then unfollowed, when following, then followed again', () => spec.given([followed, unfollowed]).when(follow).then([followed]));
  it('given nothing, when following a target that does not exist, then refused as not found', () =>
    spec.given([]).when({ ...follow, target: null }).thenRefuses('SOCIAL.FOLLOW_TARGET_NOT_FOUND', 'not_found'));
  it('given followed, when following a target that is gone, then refused as not found', () =>
    spec.given([followed]).when({ ...follow, target: null }).thenRefuses('SOCIAL.FOLLOW_TARGET_NOT_FOUND', 'not_found'));
  it('given nothing, when following oneself (or one\'s own column), then refused', () =>
    spec
      .given([])
      .when({ ...follow, followerId: creatorId, target: { type: 'column', id: 'c-1', ownerId: creatorId } })
      .thenRefuses('SOCIAL.CANNOT_FOLLOW_SELF', 'invalid'));
  it('given followed, when unfollowing, then unfollowed', () => spec.given([followed]).when(unfollow).then([unfollowed]));
  it('given nothing, when unfollowing, then nothing (idempotent)', () => spec.given([]).when(unfollow).then([]));
  it('given followed then unfollowed, when unfollowing, then nothing', () => spec.given([followed, unfollowed]).when(unfollow).then([]));
  it('starts not following', () => expect(followDecider.initialState()).toEqual({ following: false }));
  it('keeps one stream per follower and target', () => {
    expect(followStream('a', 'column', 'b')).toEqual({ streamId: 'follow-a-column-b', streamType: 'follow' });
  });
});
