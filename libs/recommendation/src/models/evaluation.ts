import { Interactions } from './interactions.js';
import type { ModelSpec, TrainedModel } from './model.js';
import { topN } from './model.js';
import { seededRandom } from './random.js';

/** One explicit rating, as the evaluation files hold them (`user_id,book_id,rating`). */
export interface Rating {
  readonly user: string;
  readonly item: string;
  readonly rating: number;
}

/** The threshold from which a held-out rating is a positive the list should contain. */
export const POSITIVE_RATING = 4;
export const CUTOFF = 10;

/**
 * Per user, a seeded random 80/20 split of all their ratings: users in id order, each user's
 * ratings in item order, shuffled (Fisher–Yates), the first round(20 %) held out.
 */
export function splitPerUser(ratings: readonly Rating[], seed: number, testShare = 0.2): { train: Rating[]; test: Rating[] } {
  const byUser = new Map<string, Rating[]>();
  for (const rating of ratings) {
    const list = byUser.get(rating.user);
    if (list) list.push(rating);
    else byUser.set(rating.user, [rating]);
  }
  const random = seededRandom(seed);
  const train: Rating[] = [];
  const test: Rating[] = [];
  for (const user of [...byUser.keys()].sort(byCodePoint)) {
    const list = byUser.get(user)!.sort((a, b) => byCodePoint(a.item, b.item));
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    const held = Math.round(list.length * testShare);
    test.push(...list.slice(0, held));
    train.push(...list.slice(held));
  }
  return { train, test };
}

/** Training ratings as a matrix (every rating one interaction of weight 1) and the id ↔ index maps. */
export interface EvaluationData {
  readonly interactions: Interactions;
  readonly userIndex: ReadonlyMap<string, number>;
  readonly itemIds: readonly string[];
  /**
   * Per training user index: the held-out positives among items the model can know, and how
   * many positives the user has in all (an item no training rating mentions is a miss, not skipped).
   */
  readonly positives: ReadonlyMap<number, { readonly known: ReadonlySet<number>; readonly unknown: number }>;
  /** Items of the catalogue (train and test), the denominator of coverage. */
  readonly catalogueSize: number;
  /** Users with positives but no training rating: nothing to rank for them, they count as misses. */
  readonly usersWithoutHistory: number;
}

export function evaluationData(train: readonly Rating[], test: readonly Rating[]): EvaluationData {
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const index = (map: Map<string, number>, key: string) => {
    let at = map.get(key);
    if (at === undefined) map.set(key, (at = map.size));
    return at;
  };
  const entries = train.map((r) => [index(userIndex, r.user), index(itemIndex, r.item), 1] as const);
  const interactions = Interactions.from(userIndex.size, itemIndex.size, entries);
  const positives = new Map<number, { known: Set<number>; unknown: number }>();
  const withoutHistory = new Set<string>();
  const catalogue = new Set(itemIndex.keys());
  for (const r of test) {
    catalogue.add(r.item);
    if (r.rating < POSITIVE_RATING) continue;
    const user = userIndex.get(r.user);
    if (user === undefined) {
      withoutHistory.add(r.user);
      continue;
    }
    let entry = positives.get(user);
    if (!entry) positives.set(user, (entry = { known: new Set(), unknown: 0 }));
    const item = itemIndex.get(r.item);
    if (item === undefined) entry.unknown++;
    else entry.known.add(item);
  }
  return {
    interactions,
    userIndex,
    itemIds: [...itemIndex.keys()],
    positives,
    catalogueSize: catalogue.size,
    usersWithoutHistory: withoutHistory.size,
  };
}

export interface ModelReport {
  readonly model: string;
  /** What training made of it, where it chose something (the hybrid's weights). */
  readonly trained?: string;
  readonly precisionAt10: number;
  readonly recallAt10: number;
  readonly ndcgAt10: number;
  /** Share of the catalogue that appears in at least one evaluated user's top 10. */
  readonly coverage: number;
  readonly trainSeconds: number;
  /** CPU time of training (this process): wall time depends on what else the machine runs. */
  readonly trainCpuSeconds: number;
  /** Users evaluated (those with at least one held-out rating ≥ 4). */
  readonly users: number;
}

/**
 * Trains `spec` on the training matrix and ranks, for each user with held-out positives, every
 * item not in their training part. Precision = hits/10, recall = hits/|positives|, nDCG with
 * binary gains against the ideal of min(|positives|, 10) hits.
 */
export function evaluate(spec: ModelSpec, data: EvaluationData, clock: () => number = () => performance.now()): ModelReport {
  const started = clock();
  const cpu = process.cpuUsage();
  const model = spec.train(data.interactions);
  const trainSeconds = (clock() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return {
    model: spec.name,
    ...(model.name === spec.name ? {} : { trained: model.name }),
    ...measure(model, data),
    trainSeconds: round(trainSeconds, 2),
    trainCpuSeconds: round((user + system) / 1e6, 2),
  };
}

export function measure(model: TrainedModel, data: EvaluationData): Omit<ModelReport, 'model' | 'trained' | 'trainSeconds' | 'trainCpuSeconds'> {
  const { interactions, positives } = data;
  const scores = new Float64Array(interactions.items);
  const recommended = new Uint8Array(interactions.items);
  const seen = new Uint8Array(interactions.items);
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  const evaluated = [...positives.keys()].sort((a, b) => a - b);
  const users = evaluated.length + data.usersWithoutHistory;
  for (const user of evaluated) {
    const { known: relevant, unknown } = positives.get(user)!;
    const total = relevant.size + unknown;
    model.scoreUser(user, scores);
    const history = interactions.history(user);
    for (const item of history.items) seen[item] = 1;
    const list = topN(scores, CUTOFF, (item) => seen[item] === 1);
    for (const item of history.items) seen[item] = 0;
    let hits = 0;
    let dcg = 0;
    list.forEach((item, rank) => {
      recommended[item] = 1;
      if (relevant.has(item)) {
        hits++;
        dcg += 1 / Math.log2(rank + 2);
      }
    });
    let ideal = 0;
    for (let rank = 0; rank < Math.min(total, CUTOFF); rank++) ideal += 1 / Math.log2(rank + 2);
    precision += hits / CUTOFF;
    recall += hits / total;
    ndcg += dcg / ideal;
  }
  const covered = recommended.reduce((sum, flag) => sum + flag, 0);
  return {
    precisionAt10: round(precision / users, 4),
    recallAt10: round(recall / users, 4),
    ndcgAt10: round(ndcg / users, 4),
    coverage: round(covered / data.catalogueSize, 4),
    users,
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
