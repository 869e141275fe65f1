import { describe, expect, it } from 'vitest';
import { ROW_SEPARATOR, trainBatch } from './batch-training.js';
import { chooseServingModel, easeWork, RP3BETA } from './catalogue.js';
import { contentBased } from './content-based.js';
import { hybrid } from './hybrid.js';
import { Interactions } from './interactions.js';
import type { TrainedModel } from './model.js';
import { neighbourhoods } from './neighbourhoods.js';
import { seededRandom } from './random.js';
import { UserKnn } from './user-knn.js';
import { userNeighbours } from './user-neighbours.js';
import { weightedInteractions } from './batch-training.js';
import { SIGNAL_WEIGHTS, signalBit } from '../domain/signals.js';

/** `users` users with 3–12 distinct items each over `items` items, skewed to the low indices; every item its terms. */
function fixture(users: number, items: number, seed: number) {
  const random = seededRandom(seed);
  const pairs: [number, number, number][] = [];
  for (let u = 0; u < users; u++) {
    const mine = new Set<number>();
    const n = 3 + Math.floor(random() * 10);
    while (mine.size < n) mine.add(Math.floor(items * random() ** 2));
    for (const item of mine) pairs.push([u, item, 1]);
  }
  const terms = Array.from({ length: items }, (_, i) => [`word${i % 7}`, `word${i % 11}`, `tag:t${i % 5}`, `creator:c${i % 3}`]);
  return { data: Interactions.from(users, items, pairs), pairs, terms, termsOf: (item: number) => terms[item]! };
}

/** No feedback but purchases; user-kNN ties by user number; 3 neighbour learners. */
function noSignals(users: number) {
  return { signalUser: new Int32Array(0), signalItem: new Int32Array(0), signalMask: new Int32Array(0), userOrder: Int32Array.from({ length: users }, (_, u) => u), userNeighbours: 3 };
}

/** The same model seen from outside: no neighbour table to read, so neighbourhoods score the whole catalogue. */
const opaque = (model: TrainedModel): TrainedModel => ({
  name: model.name,
  scoreUser: (user, out) => model.scoreUser(user, out),
  scoreHistory: (history, out) => model.scoreHistory(history, out),
});

describe('chooseServingModel', () => {
  it('given a catalogue EASE can afford, when choosing, then EASE serves (the hybrid with EASE first)', () => {
    const choice = chooseServingModel({ users: 300, items: 1000 }, { seed: 1, termsOf: undefined, easeMaxWork: 5e10 });
    expect(choice.kind).toBe('ease');
    expect(choice.spec.name).toMatch(/^hybrid\(ease\(lambda=70,dropout=0\.25\) \+ rp3beta/);
    expect(choice.reason).toMatch(/^EASE fits/);
  });

  it('given 100,000 users × 20,000 items, when choosing, then the sparse models serve and the reason gives the figures', () => {
    const choice = chooseServingModel({ users: 100_000, items: 20_000 }, { seed: 1, termsOf: () => [], easeMaxWork: 5e10 });
    expect(easeWork(100_000, 20_000)).toBe(20_000 ** 3 / 2 + 20_000 ** 2);
    expect(choice.kind).toBe('sparse');
    expect(choice.spec.name).toBe('hybrid(rp3beta(k=100,alpha=1,beta=0.5) + content(k=50,threshold=0.05))');
    expect(choice.reason).toContain('100000 users × 20000 items');
    expect(choice.reason).toContain('20000×20000 inverse (3.2 GB)');
  });

  it('given the dual side, when a pass costs users² per item, then that counts too', () => {
    expect(easeWork(1000, 5000)).toBe(1000 ** 3 / 2 + 5000 * 1000 ** 2);
    expect(chooseServingModel({ users: 1000, items: 5000 }, { seed: 1, termsOf: undefined, easeMaxWork: 1e9 }).kind).toBe('sparse');
  });
});

describe('neighbourhoods of the sparse models', () => {
  it('are exactly those of scoring the whole catalogue, for the sparse hybrid and for RP3β alone', () => {
    const { data, termsOf } = fixture(120, 60, 3);
    const items = Array.from({ length: 60 }, (_, i) => i);
    for (const model of [hybrid([RP3BETA, contentBased(termsOf)], { seed: 1, holdout: 0.2, validationUsers: 50, step: 0.1 }).train(data), RP3BETA.train(data)]) {
      expect([...neighbourhoods(model, data, 20, items)]).toEqual([...neighbourhoods(opaque(model), data, 20, items)]);
    }
  });
});

describe('trainBatch', () => {
  it('gives each item the items most bought with it by cosine, then count, then index, as the SQL it replaced did', () => {
    // Users over items 0–4; item 4 is bought but not published (no terms): it still counts as a co-purchase.
    const pairs = [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 0], [2, 2], [2, 4], [3, 3]] as const;
    const out = trainBatch({
      users: 4, items: 5, pairUser: Int32Array.from(pairs, (p) => p[0]), pairItem: Int32Array.from(pairs, (p) => p[1]),
      published: Int32Array.of(0, 1, 2, 3, -1), terms: [['a'], ['b'], ['c'], ['d']], seed: 1, easeMaxWork: 5e10, neighbours: 2, sharedTerms: 3, ...noSignals(4),
    });
    const row = (item: number) => {
      const { start, neighbours, scores, coPurchases } = out.coPurchase;
      return Array.from({ length: start[item + 1]! - start[item]! }, (_, at) => [neighbours[start[item]! + at], coPurchases[start[item]! + at], scores[start[item]! + at]]);
    };
    // Item 0 (3 buyers): with 1 twice of 2 buyers, with 2 twice of 2, with 4 once of 1: ties on score and count go to the lower index; k = 2.
    expect(row(0)).toEqual([[1, 2, 2 / Math.sqrt(6)], [2, 2, 2 / Math.sqrt(6)]]);
    expect(row(4)).toEqual([[0, 1, 1 / Math.sqrt(3)], [2, 1, 1 / Math.sqrt(2)]].sort((a, b) => (b[2] as number) - (a[2] as number)));
    expect(row(3)).toEqual([]);
    // The model sees the published items only.
    expect(out.model.start).toHaveLength(5);
  });

  it('given a small catalogue, trains the EASE hybrid and gives every item its neighbourhood, with progress up to 1', () => {
    const { pairs, terms } = fixture(40, 30, 5);
    const reported: number[] = [];
    const out = trainBatch(
      { users: 40, items: 30, pairUser: Int32Array.from(pairs, (p) => p[0]), pairItem: Int32Array.from(pairs, (p) => p[1]), published: Int32Array.from(terms, (_, i) => i), terms, seed: 1, easeMaxWork: 5e10, neighbours: 5, sharedTerms: 3, ...noSignals(40) },
      (done) => reported.push(done),
    );
    expect(out.choice.kind).toBe('ease');
    expect(out.name).toMatch(/^hybrid\(\d\.\d\d·ease/);
    expect(out.model.start).toHaveLength(31);
    expect(out.model.start[30]).toBe(out.model.neighbours.length);
    expect(Math.max(...[...out.model.start].map((s, i) => (i === 0 ? 0 : s - out.model.start[i - 1]!)))).toBeLessThanOrEqual(5);
    expect(out.content.neighbours.length).toBeGreaterThan(0);
    expect(out.content.sharedTerms.split(ROW_SEPARATOR)).toHaveLength(out.content.neighbours.length);
    expect(reported.at(-1)).toBe(1);
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
  });

  it('given a work budget EASE exceeds, trains the sparse models and says so', () => {
    const { pairs, terms } = fixture(40, 30, 5);
    const out = trainBatch({ users: 40, items: 30, pairUser: Int32Array.from(pairs, (p) => p[0]), pairItem: Int32Array.from(pairs, (p) => p[1]), published: Int32Array.from(terms, (_, i) => i), terms, seed: 1, easeMaxWork: 10, neighbours: 5, sharedTerms: 3, ...noSignals(40) });
    expect(out.choice.kind).toBe('sparse');
    expect(out.name).toMatch(/^hybrid\(\d\.\d\d·rp3beta\(k=100,alpha=1,beta=0\.5\) \+ \d\.\d\d·content/);
  });
});

describe('the batch\'s interactions: the declared signal weights', () => {
  // Items 0–3 published, 4 bought but unpublished. User 0 bought 0 and 1, completed and rated 1 highly, viewed 2;
  // user 1 only viewed 0 and completed 3 (no purchase); user 2 bought 0 and 2; user 3 bought 4 (unpublished) and viewed 4.
  const input = {
    users: 4,
    items: 5,
    pairUser: Int32Array.of(0, 0, 2, 2, 3),
    pairItem: Int32Array.of(0, 1, 0, 2, 4),
    signalUser: Int32Array.of(0, 0, 1, 1, 3),
    signalItem: Int32Array.of(1, 2, 0, 3, 4),
    signalMask: Int32Array.of(signalBit('completion') | signalBit('high-rating'), signalBit('view'), signalBit('view'), signalBit('completion'), signalBit('view')),
    userOrder: Int32Array.of(0, 1, 2, 3),
    userNeighbours: 3,
    published: Int32Array.of(0, 1, 2, 3, -1),
    terms: [['a'], ['b'], ['c'], ['d']],
    seed: 1,
    easeMaxWork: 5e10,
    neighbours: 3,
    sharedTerms: 3,
  };

  it('given purchases, completions, high ratings and views, when the batch builds its matrix, then each weighs the declared weights of its kinds, summed', () => {
    const { data, bought, userNumbers } = weightedInteractions(input);
    const weightOf = (user: number, item: number) => {
      const rank = [...userNumbers].indexOf(user);
      const { items, weights } = data.history(rank);
      const at = [...items].indexOf(item);
      return at < 0 ? 0 : weights[at];
    };
    expect(weightOf(0, 0)).toBe(SIGNAL_WEIGHTS.purchase);
    expect(weightOf(0, 1)).toBe(SIGNAL_WEIGHTS.purchase + SIGNAL_WEIGHTS.completion + SIGNAL_WEIGHTS['high-rating']);
    expect(weightOf(0, 2)).toBe(SIGNAL_WEIGHTS.view);
    expect(weightOf(1, 0)).toBe(SIGNAL_WEIGHTS.view);
    expect(weightOf(1, 3)).toBe(SIGNAL_WEIGHTS.completion);
    expect(weightOf(2, 2)).toBe(SIGNAL_WEIGHTS.purchase);
    // The unpublished item is no interaction; user 3 has nothing else, so is not in the matrix.
    expect([...userNumbers].sort()).toEqual([0, 1, 2]);
    expect(data.size).toBe(7);
    // Purchases alone, weight 1: what "learners who bought both" counts.
    expect(bought.size).toBe(4);
    expect([...bought.userWeights]).toEqual([1, 1, 1, 1]);
  });

  it('given signals besides purchases, when trained, then co-purchase counts are purchases only while the model and user-kNN learn from every signal', () => {
    const out = trainBatch(input);
    const { start, neighbours, coPurchases } = out.coPurchase;
    // Item 0's co-purchases: only item 1 (user 0) and item 2 (user 2), once each; user 1's view of 0 with a completion of 3 is no purchase.
    const row0 = Array.from({ length: start[1]! - start[0]! }, (_, at) => [neighbours[start[0]! + at], coPurchases[start[0]! + at]]);
    expect(row0).toEqual([[1, 1], [2, 1]]);
    // Item 3's only interaction is user 1's completion: no co-purchase, but the model links it to item 0, with no learner who bought both.
    expect(out.coPurchase.start[4]! - out.coPurchase.start[3]!).toBe(0);
    const model3 = Array.from({ length: out.model.start[4]! - out.model.start[3]! }, (_, at) => [out.model.neighbours[out.model.start[3]! + at], out.model.coPurchases[out.model.start[3]! + at]]);
    expect(model3).toContainEqual([0, 0]);
    // User 1 (no purchase at all) has user-kNN neighbours: users 0 and 2 share item 0 with them.
    const users = out.users;
    expect([...users.neighbours.subarray(users.start[1], users.start[2])].sort()).toEqual([0, 2]);
    expect(users.start[4]! - users.start[3]!).toBe(0);
  });
});

describe('userNeighbours (the batch\'s user-kNN neighbours)', () => {
  it('are, for every user, the k neighbours UserKnn finds, with the same similarities, on weighted data', () => {
    const random = seededRandom(9);
    const entries: [number, number, number][] = [];
    for (let u = 0; u < 80; u++) {
      const mine = new Set<number>();
      while (mine.size < 2 + Math.floor(random() * 8)) mine.add(Math.floor(40 * random() ** 2));
      for (const item of mine) entries.push([u, item, [1, 0.25, 1.5, 2][Math.floor(random() * 4)]!]);
    }
    const data = Interactions.from(80, 40, entries);
    const table = userNeighbours(data, 7);
    const model = new UserKnn(data, { k: 7 });
    for (let u = 0; u < 80; u++) {
      const expected = model.neighboursOf(data.history(u), u);
      const got = Array.from({ length: table.start[u + 1]! - table.start[u]! }, (_, at) => ({ user: table.neighbours[table.start[u]! + at]!, similarity: table.similarities[table.start[u]! + at]! }));
      expect(got.map((n) => n.user)).toEqual(expected.map((n) => n.user));
      got.forEach((n, at) => expect(n.similarity).toBeCloseTo(expected[at]!.similarity, 12));
    }
  });

  it('leave out items with more learners than the cap, as UserKnn with the same cap does (a bestseller links nobody)', () => {
    const random = seededRandom(11);
    const entries: [number, number, number][] = [];
    for (let u = 0; u < 60; u++) {
      const mine = new Set<number>([0]); // item 0: everyone's bestseller, 60 learners
      while (mine.size < 3 + Math.floor(random() * 5)) mine.add(1 + Math.floor(29 * random() ** 2));
      for (const item of mine) entries.push([u, item, [1, 0.25, 1.5, 2][Math.floor(random() * 4)]!]);
    }
    const data = Interactions.from(60, 30, entries);
    const capped = userNeighbours(data, 5, undefined, undefined, 20);
    const model = new UserKnn(data, { k: 5, maxItemLearners: 20 });
    let changed = 0;
    const uncapped = userNeighbours(data, 5);
    for (let u = 0; u < 60; u++) {
      const expected = model.neighboursOf(data.history(u), u);
      const got = [...capped.neighbours.subarray(capped.start[u]!, capped.start[u + 1]!)];
      expect(got).toEqual(expected.map((n) => n.user));
      expected.forEach((n, at) => expect(capped.similarities[capped.start[u]! + at]).toBeCloseTo(n.similarity, 12));
      // Only items held by at most 20 learners link u to a neighbour.
      const held = (v: number) => new Set(data.history(v).items);
      for (const v of got) expect([...held(u)].some((item) => held(v).has(item) && data.itemStart[item + 1]! - data.itemStart[item]! <= 20)).toBe(true);
      if (got.join() !== [...uncapped.neighbours.subarray(uncapped.start[u]!, uncapped.start[u + 1]!)].join()) changed++;
    }
    // The cap bites here: without it, the bestseller makes everyone everyone's candidate.
    expect(changed).toBeGreaterThan(0);
  });
});

