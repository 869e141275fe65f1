import { describe, expect, it } from 'vitest';
import { ease, trainEase } from './ease.js';
import { splitPerUser, type Rating } from './evaluation.js';
import { seededRandom } from './random.js';
import { Interactions } from './interactions.js';
import { itemKnn } from './item-knn.js';
import { topN } from './model.js';
import { popularity } from './popularity.js';
import { restrictedToPopular } from './restricted.js';
import { rp3beta } from './rp3beta.js';
import { invertSpd } from './spd-inverse.js';

/** A random users × items matrix with about `density` of the cells set, weights 1 or 2. */
function randomInteractions(users: number, items: number, density: number, seed: number): Interactions {
  const random = seededRandom(seed);
  const entries: [number, number, number][] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) if (random() < density) entries.push([u, i, random() < 0.3 ? 2 : 1]);
  }
  return Interactions.from(users, items, entries);
}

const scoresOf = (score: (out: Float64Array) => void, items: number) => {
  const out = new Float64Array(items);
  score(out);
  return [...out];
};

describe('invertSpd', () => {
  it('inverts a symmetric positive definite matrix (A·A⁻¹ = I), blocks of every shape included', () => {
    for (const n of [1, 2, 7, 8, 9, 33]) {
      const random = seededRandom(n);
      const m = Array.from({ length: n * n }, () => random() - 0.5);
      const a = new Float64Array(n * n);
      // MᵀM + n·I is positive definite.
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = i === j ? n : 0;
          for (let k = 0; k < n; k++) s += m[k * n + i]! * m[k * n + j]!;
          a[i * n + j] = s;
        }
      }
      const inverse = invertSpd(a.slice(), n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a[i * n + k]! * inverse[k * n + j]!;
          expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
        }
      }
    }
  });

  it('refuses a matrix that is not positive definite, and one of the wrong size', () => {
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow('not positive definite (pivot 1)');
    expect(() => invertSpd(new Float64Array(3), 2)).toThrow('expected 4 entries, got 3');
  });
});

describe('Interactions', () => {
  it('holds the same entries by user and by item, sorted, a repeated pair keeping its largest weight', () => {
    const data = Interactions.from(3, 4, [
      [2, 1, 1],
      [0, 3, 1],
      [0, 1, 2],
      [0, 1, 5],
      [1, 1, 1],
    ]);
    expect(data.size).toBe(4);
    expect([...data.history(0).items]).toEqual([1, 3]);
    expect([...data.history(0).weights]).toEqual([5, 1]);
    expect([...data.history(2).items]).toEqual([1]);
    expect([...data.itemUsers.subarray(data.itemStart[1], data.itemStart[2])]).toEqual([0, 1, 2]);
    expect([...data.itemWeights.subarray(data.itemStart[1], data.itemStart[2])]).toEqual([5, 1, 1]);
    expect([...data.itemCounts()]).toEqual([0, 3, 0, 1]);
  });

  it('refuses indices outside the matrix and weights that are not positive', () => {
    expect(() => Interactions.from(2, 2, [[2, 0, 1]])).toThrow('outside 2×2');
    expect(() => Interactions.from(2, 2, [[0, -1, 1]])).toThrow('outside 2×2');
    expect(() => Interactions.from(2, 2, [[0, 0, 0]])).toThrow('weight 0');
  });
});

describe('topN', () => {
  it('returns the best indices first, ties to the lower index, skipping excluded and non-finite scores', () => {
    const scores = Float64Array.from([3, 9, Number.NaN, 9, 1, Number.NEGATIVE_INFINITY, 5, 7]);
    expect([...topN(scores, 3)]).toEqual([1, 3, 7]);
    expect([...topN(scores, 3, (i) => i === 1)]).toEqual([3, 7, 6]);
    expect([...topN(scores, 20)]).toEqual([1, 3, 7, 6, 0, 4]);
    expect([...topN(scores, 0)]).toEqual([]);
  });
});

describe('models', () => {
  it('popularity scores each item by how many users have it', () => {
    const data = Interactions.from(3, 3, [[0, 0, 1], [1, 0, 1], [2, 2, 1]]);
    expect(scoresOf((out) => popularity.train(data).scoreUser(0, out), 3)).toEqual([2, 0, 1]);
  });

  it('item-kNN sums the cosine similarity of the history\'s items to each candidate', () => {
    // Item 0: users 0, 1; item 1: users 0, 1, 2; item 2: user 2. cos(0,1) = 2/√6, cos(1,2) = 1/√3, cos(0,2) = 0.
    const data = Interactions.from(3, 3, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1], [2, 1, 1], [2, 2, 1]]);
    const model = itemKnn({ k: 5, shrink: 0 }).train(data);
    const scores = scoresOf((out) => model.scoreHistory({ items: Int32Array.of(0), weights: Float64Array.of(1) }, out), 3);
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(scores[2]).toBe(0);
    const both = scoresOf((out) => model.scoreHistory({ items: Int32Array.of(0, 2), weights: Float64Array.of(1, 1) }, out), 3);
    expect(both[1]).toBeCloseTo(2 / Math.sqrt(6) + 1 / Math.sqrt(3), 12);
    // k = 1 keeps only item 1's best neighbour (item 0, 2/√6 > 1/√3).
    const one = itemKnn({ k: 1, shrink: 0 }).train(data);
    const fromOne = scoresOf((out) => one.scoreHistory({ items: Int32Array.of(1), weights: Float64Array.of(1) }, out), 3);
    expect(fromOne[0]).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(fromOne[2]).toBe(0);
  });

  it('RP3β walks item → user → item and divides by the destination\'s popularity^β', () => {
    const data = Interactions.from(3, 3, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1], [2, 1, 1], [2, 2, 1]]);
    const model = rp3beta({ k: 5, alpha: 1, beta: 0.5 }).train(data);
    const scores = scoresOf((out) => model.scoreHistory({ items: Int32Array.of(0), weights: Float64Array.of(1) }, out), 3);
    // From item 0: to user 0 or 1 (½ each), then to item 1 with ½ from either: ½, divided by √3.
    expect(scores[1]).toBeCloseTo(0.5 / Math.sqrt(3), 12);
    expect(scores[2]).toBe(0);
  });

  it('EASE gives the same scores through the items × items primal and the users × users dual', () => {
    for (const [users, items] of [[12, 30], [30, 12]] as const) {
      const data = randomInteractions(users, items, 0.25, users * items);
      for (const params of [{ lambda: 3, dropout: 0 }, { lambda: 1, dropout: 0.5 }]) {
        const primal = trainEase(data, params, 'primal');
        const dual = trainEase(data, params, 'dual');
        for (let u = 0; u < users; u++) {
          const p = scoresOf((out) => primal.scoreUser(u, out), items);
          const d = scoresOf((out) => dual.scoreUser(u, out), items);
          const fromHistory = scoresOf((out) => dual.scoreHistory(data.history(u), out), items);
          p.forEach((score, i) => {
            expect(d[i]).toBeCloseTo(score, 9);
            expect(fromHistory[i]).toBeCloseTo(score, 9);
          });
        }
      }
    }
  });

  it('EASE never uses an item to predict itself (zero diagonal)', () => {
    const data = randomInteractions(20, 10, 0.4, 7);
    const model = ease({ lambda: 2, dropout: 0 }).train(data);
    for (let item = 0; item < 10; item++) {
      const alone = scoresOf((out) => model.scoreHistory({ items: Int32Array.of(item), weights: Float64Array.of(1) }, out), 10);
      expect(alone[item]).toBeCloseTo(0, 12);
    }
  });
});

describe('splitPerUser', () => {
  const ratings: Rating[] = [];
  for (let u = 0; u < 30; u++) for (let i = 0; i < 10 + u; i++) ratings.push({ user: `u${u}`, item: `i${(i * 7 + u) % 60}`, rating: 1 + (i % 5) });

  it('holds out round(20 %) of each user\'s ratings, the same ones for the same seed, others for another', () => {
    const a = splitPerUser(ratings, 1);
    const b = splitPerUser([...ratings].reverse(), 1);
    const c = splitPerUser(ratings, 2);
    expect(a).toEqual(b);
    expect(a.test).not.toEqual(c.test);
    expect([...a.train, ...a.test].map((r) => `${r.user}/${r.item}`).sort()).toEqual(ratings.map((r) => `${r.user}/${r.item}`).sort());
    for (let u = 0; u < 30; u++) {
      expect(a.test.filter((r) => r.user === `u${u}`)).toHaveLength(Math.round((10 + u) * 0.2));
    }
  });
});

describe('restrictedToPopular', () => {
  it('trains on the most interacted items only, scores the others −∞, and agrees with the model trained on them', () => {
    // Items 0–2 are popular, 3 and 4 are rare.
    const entries: [number, number, number][] = [];
    for (let u = 0; u < 8; u++) for (const i of [0, 1, 2]) if ((u + i) % 3 !== 0) entries.push([u, i, 1]);
    entries.push([0, 3, 1], [1, 4, 1]);
    const data = Interactions.from(8, 5, entries);
    const model = restrictedToPopular(ease({ lambda: 1, dropout: 0 }), 3).train(data);
    const alone = ease({ lambda: 1, dropout: 0 }).train(Interactions.from(8, 3, entries.filter(([, i]) => i < 3)));
    for (let u = 0; u < 8; u++) {
      const scores = scoresOf((out) => model.scoreUser(u, out), 5);
      const expected = scoresOf((out) => alone.scoreUser(u, out), 3);
      expect(scores.slice(3)).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      scores.slice(0, 3).forEach((score, i) => expect(score).toBeCloseTo(expected[i]!, 12));
      const fromHistory = scoresOf((out) => model.scoreHistory(data.history(u), out), 5);
      fromHistory.slice(0, 3).forEach((score, i) => expect(score).toBeCloseTo(expected[i]!, 12));
    }
    expect(model.name).toBe('ease(lambda=1)[top 3 items]');
  });
});
