import type { Interactions } from './interactions.js';
import { type TrainedModel, topN } from './model.js';

/** An item's best neighbours under a trained model: the items it would recommend to someone who has only it. */
export interface Neighbourhood {
  readonly item: number;
  readonly neighbours: readonly { readonly item: number; readonly score: number }[];
}

/**
 * Each item's k best positively scored items, scoring the one-item history {item}. The models
 * served here are linear in the history (EASE, RP3β and the content neighbours are sums over it;
 * the hybrid rescales each part per history), so summing a learner's rows of these neighbourhoods
 * is the model's list for that learner, cut to k per item: it can be served by a query over the
 * learner's purchases as they are now, and a new purchase shows in the next read.
 */
export function* neighbourhoods(model: TrainedModel, data: Interactions, k: number, items: Iterable<number>): Generator<Neighbourhood> {
  const scores = new Float64Array(data.items);
  for (const item of items) {
    model.scoreHistory({ items: Int32Array.of(item), weights: Float64Array.of(1) }, scores);
    const best = topN(scores, k, (other) => other === item || !(scores[other]! > 0));
    yield { item, neighbours: Array.from(best, (other) => ({ item: other, score: scores[other]! })) };
  }
}
