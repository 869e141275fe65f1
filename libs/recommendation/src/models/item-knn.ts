import type { History, Interactions } from './interactions.js';
import { ItemNeighbours } from './item-neighbours.js';
import { HistoryModel, type ModelSpec } from './model.js';

export interface ItemKnnParams {
  /** Neighbours kept per item. */
  readonly k: number;
  /** Added to the cosine's denominator, so that pairs seen together once or twice count less. */
  readonly shrink: number;
}

/** Item-based collaborative filtering: cosine similarity of the items' user vectors, k neighbours each. */
export function itemKnn(params: ItemKnnParams = { k: 100, shrink: 0 }): ModelSpec {
  return { name: `item-knn(k=${params.k},shrink=${params.shrink})`, train: (data) => new ItemKnn(data, params) };
}

export class ItemKnn extends HistoryModel {
  readonly name: string;
  readonly neighbours: ItemNeighbours;

  constructor(data: Interactions, params: ItemKnnParams) {
    super(data);
    this.name = `item-knn(k=${params.k},shrink=${params.shrink})`;
    const norms = new Float64Array(data.items);
    for (let at = 0; at < data.size; at++) norms[data.userItems[at]!]! += data.userWeights[at]! ** 2;
    for (let i = 0; i < data.items; i++) norms[i] = Math.sqrt(norms[i]!);
    this.neighbours = ItemNeighbours.build(data.items, params.k, (item, into) => {
      const touched = coOccurrences(data, item, into);
      for (const other of touched) into[other] = into[other]! / (norms[item]! * norms[other]! + params.shrink);
      return touched;
    });
  }

  scoreHistory(history: History, out: Float64Array): void {
    this.neighbours.score(history, out);
  }
}

/** into[j] += Σ_u x_ui·x_uj over the users of item i; returns the items touched (i itself included). */
export function coOccurrences(data: Interactions, item: number, into: Float64Array): number[] {
  const touched: number[] = [];
  for (let a = data.itemStart[item]!; a < data.itemStart[item + 1]!; a++) {
    const user = data.itemUsers[a]!;
    const weight = data.itemWeights[a]!;
    for (let b = data.userStart[user]!; b < data.userStart[user + 1]!; b++) {
      const other = data.userItems[b]!;
      if (into[other] === 0) touched.push(other);
      into[other]! += weight * data.userWeights[b]!;
    }
  }
  return touched;
}
