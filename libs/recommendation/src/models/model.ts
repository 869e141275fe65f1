import type { History, Interactions } from './interactions.js';

/** A trained recommender: scores every item for a user (higher is better). Pure, in memory. */
export interface TrainedModel {
  readonly name: string;
  /** Scores for a user of the training data, as trained (the fast path of batch runs and evaluation). */
  scoreUser(user: number, out: Float64Array): void;
  /** Scores for any history, e.g. a user's after a purchase the model has not been trained on. */
  scoreHistory(history: History, out: Float64Array): void;
}

/** How a model is trained: the same function serves the worker's batch and the offline evaluation. */
export interface ModelSpec {
  readonly name: string;
  train(data: Interactions): TrainedModel;
}

/** Models that score a user by their history alone: scoreUser is scoreHistory of the training row. */
export abstract class HistoryModel implements TrainedModel {
  abstract readonly name: string;
  constructor(protected readonly data: Interactions) {}

  scoreUser(user: number, out: Float64Array): void {
    this.scoreHistory(this.data.history(user), out);
  }

  abstract scoreHistory(history: History, out: Float64Array): void;
}

/**
 * The `n` best indices of `scores` (highest first, ties to the lower index), skipping those
 * `excluded` says no to and any score that is not finite. A bounded min-heap: O(items · log n).
 */
export function topN(scores: Float64Array, n: number, excluded: (index: number) => boolean = () => false): Int32Array {
  return bestIndices(
    scores.length,
    n,
    (a, b) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b),
    (index) => !Number.isFinite(scores[index]!) || excluded(index),
  );
}

/**
 * The `k` best of the indices 0..count-1 not `skipped`, best first, where `worse(a, b)` says a
 * ranks below b: a bounded heap whose root is the worst kept entry, O(count · log k).
 */
export function bestIndices(count: number, k: number, worse: (a: number, b: number) => boolean, skipped: (index: number) => boolean = () => false): Int32Array {
  const heap = new Int32Array(Math.max(0, Math.min(k, count)));
  let size = 0;
  const siftDown = (from: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < size && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < size && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === at) return;
      [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
      at = worst;
    }
  };
  for (let index = 0; index < count; index++) {
    if (skipped(index)) continue;
    if (size < heap.length) {
      heap[size] = index;
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at]!, heap[parent]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (size > 0 && worse(heap[0]!, index)) {
      heap[0] = index;
      siftDown(0);
    }
  }
  return heap.slice(0, size).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
