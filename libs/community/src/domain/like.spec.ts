import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { LikeEvent } from './community-events.js';
import { likeDecider, likeStream } from './like.js';

const { given } = deciderSpec(likeDecider);
const target = { targetKind: 'comment', targetId: 'k1', userId: 'alice' } as const;
const liked: LikeEvent = { type: 'community.liked', data: target };
const unliked: LikeEvent = { type: 'community.unliked', data: target };

describe('like decider', () => {
  it('likes what is not liked, and unlikes what is', () => {
    given([]).when({ type: 'Like', ...target }).then([liked]);
    given([liked, unliked]).when({ type: 'Like', ...target }).then([liked]);
    given([liked]).when({ type: 'Unlike', ...target }).then([unliked]);
  });
  it('changes nothing when liking again or unliking what is not liked (one like per user)', () => {
    given([liked]).when({ type: 'Like', ...target }).then([]);
    given([]).when({ type: 'Unlike', ...target }).then([]);
    given([liked, unliked]).when({ type: 'Unlike', ...target }).then([]);
  });
  it('keeps each user\'s like of each target on its own stream', () => {
    expect(likeStream('content', 'c1', 'u1')).toEqual({ streamId: 'like-content-c1-u1', streamType: 'like' });
  });
});
