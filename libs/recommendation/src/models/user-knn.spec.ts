import { describe, expect, it } from 'vitest';
import { Interactions } from './interactions.js';
import { UserKnn, userKnn } from './user-knn.js';

// Users 0–3 over items 0–4: user 0 has {0,1}, user 1 {0,1,2}, user 2 {0,3}, user 3 {4}.
const data = Interactions.from(4, 5, [
  [0, 0, 1], [0, 1, 1],
  [1, 0, 1], [1, 1, 1], [1, 2, 1],
  [2, 0, 1], [2, 3, 1],
  [3, 4, 1],
]);

describe('user-knn', () => {
  it('finds the most similar users by cosine, never the user itself nor a user with nothing in common', () => {
    const model = userKnn({ k: 10 }).train(data) as UserKnn;
    expect(model.neighboursOf(data.history(0), 0)).toEqual([
      { user: 1, similarity: expect.closeTo(2 / Math.sqrt(2 * 3), 12) },
      { user: 2, similarity: expect.closeTo(1 / Math.sqrt(2 * 2), 12) },
    ]);
  });

  it('predicts each item as the similarity-weighted mean of the neighbours\' interactions', () => {
    const model = userKnn({ k: 10 }).train(data);
    const out = new Float64Array(5);
    model.scoreUser(0, out);
    const s1 = 2 / Math.sqrt(6);
    const s2 = 1 / 2;
    expect([...out]).toEqual([1, s1 / (s1 + s2), s1 / (s1 + s2), s2 / (s1 + s2), 0].map((v) => expect.closeTo(v, 12)));
  });

  it('keeps only the k most similar users', () => {
    const model = userKnn({ k: 1 }).train(data);
    const out = new Float64Array(5);
    model.scoreUser(0, out);
    // Only user 1: item 3 (user 2's) gets nothing.
    expect([...out]).toEqual([1, 1, 1, 0, 0]);
  });

  it('scores a history it was not trained on, e.g. a new learner\'s first purchase', () => {
    const model = userKnn({ k: 10 }).train(data);
    const out = new Float64Array(5);
    model.scoreHistory({ items: Int32Array.of(3), weights: Float64Array.of(1) }, out);
    expect([...out]).toEqual([1, 0, 0, 1, 0]);
    model.scoreHistory({ items: new Int32Array(0), weights: new Float64Array(0) }, out);
    expect([...out]).toEqual([0, 0, 0, 0, 0]);
  });

  it('leaves an item held by more learners than maxItemLearners out of the similarities, not out of the norms nor the prediction', () => {
    // Item 0 is held by users 0, 1, 2 (3 learners): with a cap of 2 only item 1 links user 0 to anyone.
    const model = userKnn({ k: 10, maxItemLearners: 2 }).train(data) as UserKnn;
    expect(model.neighboursOf(data.history(0), 0)).toEqual([{ user: 1, similarity: expect.closeTo(1 / Math.sqrt(2 * 3), 12) }]);
    // User 2 shares only the popular item with anyone: no neighbour at all.
    expect(model.neighboursOf(data.history(2), 2)).toEqual([]);
    // A cap the item meets (3 learners, cap 3) changes nothing.
    const atCap = userKnn({ k: 10, maxItemLearners: 3 }).train(data) as UserKnn;
    expect(atCap.neighboursOf(data.history(0), 0)).toEqual((userKnn({ k: 10 }).train(data) as UserKnn).neighboursOf(data.history(0), 0));
    // The neighbour's holding of the popular item still counts in the scores.
    const out = new Float64Array(5);
    model.scoreUser(0, out);
    expect([...out]).toEqual([1, 1, 1, 0, 0]);
  });
});
