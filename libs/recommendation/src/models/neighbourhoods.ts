import { Hybrid } from './hybrid.js';
import type { Interactions } from './interactions.js';
import { ItemNeighbours } from './item-neighbours.js';
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
 *
 * When every part of the model is a top-k neighbour table (RP3β, item-kNN, content: the sparse
 * models), an item's scores are its rows, so only those are blended and ranked: the same
 * arithmetic in the same order as scoring the whole catalogue, at the cost of the rows.
 */
export function* neighbourhoods(model: TrainedModel, data: Interactions, k: number, items: Iterable<number>): Generator<Neighbourhood> {
  const sparse = sparseParts(model);
  if (sparse) {
    yield* sparseNeighbourhoods(sparse, data.items, k, items);
    return;
  }
  const scores = new Float64Array(data.items);
  for (const item of items) {
    model.scoreHistory({ items: Int32Array.of(item), weights: Float64Array.of(1) }, scores);
    const best = topN(scores, k, (other) => other === item || !(scores[other]! > 0));
    yield { item, neighbours: Array.from(best, (other) => ({ item: other, score: scores[other]! })) };
  }
}

/** A part that scores a history as the weighted sum of its items' neighbour rows, and its weight in the blend. */
interface SparsePart {
  readonly table: ItemNeighbours;
  readonly weight: number;
  /** A hybrid's part is rescaled per history by its best score; a plain model is not. */
  readonly rescaled: boolean;
}

/** A model that scores by its neighbour table (`scoreHistory` is `neighbours.score`). */
const tableOf = (model: TrainedModel): ItemNeighbours | undefined => {
  const neighbours = (model as { neighbours?: unknown }).neighbours;
  return neighbours instanceof ItemNeighbours ? neighbours : undefined;
};

function sparseParts(model: TrainedModel): SparsePart[] | undefined {
  if (model instanceof Hybrid) {
    const parts: SparsePart[] = [];
    for (const [c, component] of model.components.entries()) {
      if (model.weights[c] === 0) continue;
      const table = tableOf(component);
      if (!table) return undefined;
      parts.push({ table, weight: model.weights[c]!, rescaled: true });
    }
    return parts;
  }
  const table = tableOf(model);
  return table && [{ table, weight: 1, rescaled: false }];
}

function* sparseNeighbourhoods(parts: readonly SparsePart[], size: number, k: number, items: Iterable<number>): Generator<Neighbourhood> {
  const scores = new Float64Array(size);
  const touched = new Uint8Array(size);
  for (const item of items) {
    const candidates: number[] = [];
    for (const { table, weight, rescaled } of parts) {
      const from = table.start[item]!;
      const to = table.start[item + 1]!;
      // The hybrid divides by the part's best score (1 when none is positive), as Hybrid.blend does.
      let max = 0;
      for (let at = from; at < to; at++) if (table.similarities[at]! > max) max = table.similarities[at]!;
      const scale = rescaled ? weight / (max > 0 ? max : 1) : weight;
      for (let at = from; at < to; at++) {
        const other = table.neighbourItems[at]!;
        if (!touched[other]) {
          touched[other] = 1;
          candidates.push(other);
        }
        // A plain model's score is the row itself (1 × similarity), as ItemNeighbours.score gives it.
        scores[other]! += rescaled ? scale * table.similarities[at]! : weight * table.similarities[at]!;
      }
    }
    candidates.sort((a, b) => a - b);
    const candidateScores = Float64Array.from(candidates, (other) => scores[other]!);
    const best = topN(candidateScores, k, (at) => candidates[at] === item || !(candidateScores[at]! > 0));
    yield { item, neighbours: Array.from(best, (at) => ({ item: candidates[at]!, score: candidateScores[at]! })) };
    for (const other of candidates) {
      scores[other] = 0;
      touched[other] = 0;
    }
  }
}
