import { seededRandom } from './random.js';
import { Interactions, type History } from './interactions.js';
import { type ModelSpec, type TrainedModel, topN } from './model.js';

export interface HybridParams {
  readonly seed: number;
  /** Share of each validation user's interactions held out to choose the weights. */
  readonly holdout: number;
  /** Users (at most) whose held-out interactions choose the weights. */
  readonly validationUsers: number;
  /** The grid step of each weight in [0, 1]. */
  readonly step: number;
}

export const DEFAULT_HYBRID_PARAMS: HybridParams = { seed: 1, holdout: 0.2, validationUsers: 1000, step: 0.1 };

/** How many of each component's best candidates per validation user the weight search looks at. */
const CANDIDATES = 100;
const CUTOFF = 10;

/**
 * A weighted blend of other models' scores, each scaled per user to [0, 1] by its best candidate.
 * The weights are not set by hand: training first holds out part of some users' interactions,
 * trains every component on the rest, and takes the weights (a grid over the simplex) whose
 * blend ranks most held-out items in those users' top 10; then trains the components on all data.
 */
export function hybrid(components: readonly ModelSpec[], params: HybridParams = DEFAULT_HYBRID_PARAMS): ModelSpec {
  return {
    name: `hybrid(${components.map((c) => c.name).join(' + ')})`,
    train: (data) => {
      const weights = chooseWeights(components, data, params);
      return new Hybrid(`hybrid(${components.map((c, i) => `${weights[i]!.toFixed(2)}·${c.name}`).join(' + ')})`, components.map((c) => c.train(data)), weights);
    },
  };
}

export class Hybrid implements TrainedModel {
  private readonly buffer: Float64Array[];

  constructor(
    readonly name: string,
    readonly components: readonly TrainedModel[],
    readonly weights: readonly number[],
  ) {
    this.buffer = [];
  }

  scoreUser(user: number, out: Float64Array): void {
    this.blend(out, (model, into) => model.scoreUser(user, into));
  }

  scoreHistory(history: History, out: Float64Array): void {
    this.blend(out, (model, into) => model.scoreHistory(history, into));
  }

  private blend(out: Float64Array, score: (model: TrainedModel, into: Float64Array) => void): void {
    out.fill(0);
    this.components.forEach((model, c) => {
      if (this.weights[c] === 0) return;
      const into = (this.buffer[c] ??= new Float64Array(out.length));
      score(model, into);
      const scale = this.weights[c]! / maxOf(into);
      for (let i = 0; i < out.length; i++) out[i]! += scale * into[i]!;
    });
  }
}

/** The largest score, or 1 when none is positive (the component then adds nothing that matters). */
function maxOf(scores: Float64Array): number {
  let max = 0;
  for (const score of scores) if (score > max) max = score;
  return max > 0 ? max : 1;
}

function chooseWeights(components: readonly ModelSpec[], data: Interactions, params: HybridParams): number[] {
  const random = seededRandom(params.seed);
  // Validation users: a seeded sample of those with at least 5 interactions. The components are
  // trained on these users alone (a matrix of their kept interactions): the dual EASE costs the
  // cube of the users, and the weights come out much the same.
  const eligible = Array.from({ length: data.users }, (_, u) => u).filter((u) => data.userStart[u + 1]! - data.userStart[u]! >= 5);
  const sample = eligible.filter(() => random() < params.validationUsers / eligible.length);
  const kept: [number, number, number][] = [];
  const heldOut: Set<number>[] = sample.map(() => new Set<number>());
  sample.forEach((user, row) => {
    const { items, weights } = data.history(user);
    items.forEach((item, at) => {
      if (random() < params.holdout) heldOut[row]!.add(item);
      else kept.push([row, item, weights[at]!]);
    });
  });
  const inner = Interactions.from(sample.length, data.items, kept);
  const models = components.map((c) => c.train(inner));
  // Per validation user and component: the scaled scores of the union of every component's best candidates.
  const candidates = sample.map((_, row) => {
    const seen = new Set(inner.history(row).items);
    const scores = models.map((model) => {
      const out = new Float64Array(data.items);
      model.scoreUser(row, out);
      const max = maxOf(out);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! / max;
      return out;
    });
    const pool = new Set<number>();
    for (const out of scores) for (const item of topN(out, CANDIDATES, (i) => seen.has(i))) pool.add(item);
    const items = [...pool];
    return { items, scores: scores.map((out) => Float64Array.from(items, (item) => out[item]!)), relevant: heldOut[row]! };
  });
  // The first component alone, unless some blend ranks more held-out items: with no validation
  // user (a young platform: nobody has five purchases) every blend ties at zero hits.
  let best: { weights: number[]; hits: number } = { weights: components.map((_, c) => (c === 0 ? 1 : 0)), hits: 0 };
  for (const weights of simplex(components.length, Math.round(1 / params.step))) {
    let hits = 0;
    for (const { items, scores, relevant } of candidates) {
      const blended = new Float64Array(items.length);
      scores.forEach((s, c) => {
        if (weights[c] !== 0) for (let i = 0; i < items.length; i++) blended[i]! += weights[c]! * s[i]!;
      });
      for (const at of topN(blended, CUTOFF)) if (relevant.has(items[at]!)) hits++;
    }
    if (hits > best.hits) best = { weights, hits };
  }
  return best.weights;
}

/** Every vector of `n` weights in multiples of 1/steps that sums to 1. */
function* simplex(n: number, steps: number, prefix: number[] = [], left = steps): Generator<number[]> {
  if (prefix.length === n - 1) {
    yield [...prefix, left / steps];
    return;
  }
  for (let s = 0; s <= left; s++) yield* simplex(n, steps, [...prefix, s / steps], left - s);
}
