import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { interestsDecider, interestsStream, MAX_INTERESTS, normalisedCategoryIds, type StateInterests } from './interests.js';
import type { InterestsStated } from './recommendation-events.js';

const { given } = deciderSpec(interestsDecider);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const LEARNER = id(900);
const KNOWN = new Set(Array.from({ length: 20 }, (_, n) => id(n + 1)));
const state = (categoryIds: string[], known: ReadonlySet<string> = KNOWN): StateInterests => ({ type: 'StateInterests', userId: LEARNER, categoryIds, known });
const stated = (categoryIds: string[]): InterestsStated => ({ type: 'recommendation.interests-stated', data: { userId: LEARNER, categoryIds } });

describe('interestsDecider', () => {
  it('given none, when stating two categories, then they are stated in id order', () =>
    given([]).when(state([id(2), id(1)])).then([stated([id(1), id(2)])]));

  it('given none, when a category is named twice (in another case too), then it is stated once', () =>
    given([]).when(state([id(3), id(3).toUpperCase(), id(1)])).then([stated([id(1), id(3)])]));

  it('given two stated, when stating the same two in another order, then nothing is written', () =>
    given([stated([id(1), id(2)])]).when(state([id(2), id(1)])).then([]));

  it('given two stated, when stating one of them, then the one replaces the two', () =>
    given([stated([id(1), id(2)])]).when(state([id(2)])).then([stated([id(2)])]));

  it('given two stated, when stating the first of them alone, then it replaces them', () =>
    given([stated([id(1), id(2)])]).when(state([id(1)])).then([stated([id(1)])]));

  it('given two stated, when stating one other of the same count, then it replaces them', () =>
    given([stated([id(1), id(2)])]).when(state([id(1), id(3)])).then([stated([id(1), id(3)])]));

  it('given some stated, when stating none, then the interests are cleared', () => given([stated([id(1)])]).when(state([])).then([stated([])]));

  it('given none, when stating none, then nothing is written', () => given([]).when(state([])).then([]));

  it('given none, when a category does not exist, then it is refused naming it (422)', () => {
    const error = given([]).when(state([id(1), id(99)])).thenRefuses('RECOMMENDATION.UNKNOWN_CATEGORY', 'invalid');
    expect(error.details).toEqual({ categoryIds: [id(99)] });
  });

  it('given none, when stating more than the most allowed, then it is refused (422)', () => {
    const error = given([]).when(state(Array.from({ length: MAX_INTERESTS + 1 }, (_, n) => id(n + 1)))).thenRefuses('RECOMMENDATION.TOO_MANY_INTERESTS', 'invalid');
    expect(error.details).toEqual({ max: MAX_INTERESTS });
  });

  it('given none, when stating exactly the most allowed, counting duplicates once, then they are stated', () => {
    const most = Array.from({ length: MAX_INTERESTS }, (_, n) => id(n + 1));
    given([]).when(state([...most, id(1)])).then([stated(most)]);
  });
});

describe('normalisedCategoryIds', () => {
  it('lower-cases, collapses and sorts', () => expect(normalisedCategoryIds(['B', 'a', 'b'])).toEqual(['a', 'b']));
});

describe('interestsStream', () => {
  it('is one stream per learner', () =>
    expect(interestsStream(LEARNER)).toEqual({ streamId: `recommendation-interests-${LEARNER}`, streamType: 'recommendation-interests' }));
});
