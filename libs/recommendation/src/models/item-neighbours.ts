import type { History } from './interactions.js';
import { topN } from './model.js';

/**
 * A sparse item × item similarity, the k best neighbours of each item: what item-kNN, RP3β and the
 * content model learn, what "similar items" serves, and what explains a pick ("because of X").
 */
export class ItemNeighbours {
  constructor(
    readonly items: number,
    /** Item i's neighbours are neighbourItems[start[i] .. start[i+1]), best first. */
    readonly start: Int32Array,
    readonly neighbourItems: Int32Array,
    readonly similarities: Float64Array,
  ) {}

  /**
   * Builds the top-k rows, one item at a time: `row(i, into)` adds item i's similarity to every
   * other item into the dense `into` (left zero elsewhere) and returns the indices it touched.
   */
  static build(items: number, k: number, row: (item: number, into: Float64Array) => Iterable<number>): ItemNeighbours {
    const start = new Int32Array(items + 1);
    const kept: Int32Array[] = [];
    const keptScores: Float64Array[] = [];
    const buffer = new Float64Array(items);
    for (let item = 0; item < items; item++) {
      const touched = [...row(item, buffer)];
      const best = ItemNeighbours.bestOf(item, k, touched, buffer);
      kept.push(best);
      keptScores.push(Float64Array.from(best, (other) => buffer[other]!));
      for (const other of touched) buffer[other] = 0;
      start[item + 1] = start[item]! + best.length;
    }
    const neighbourItems = new Int32Array(start[items]!);
    const similarities = new Float64Array(start[items]!);
    kept.forEach((row, item) => {
      neighbourItems.set(row, start[item]!);
      similarities.set(keptScores[item]!, start[item]!);
    });
    return new ItemNeighbours(items, start, neighbourItems, similarities);
  }

  /**
   * Item's k best neighbours among the `touched` items of its dense row `scores`, best first (ties
   * to the lower index). Only the touched items compete, so a row costs what it touched, not the catalogue.
   */
  static bestOf(item: number, k: number, touched: readonly number[], scores: Float64Array): Int32Array {
    const candidates = touched.filter((other) => other !== item && scores[other]! > 0).sort((a, b) => a - b);
    const competing = Float64Array.from(candidates, (other) => scores[other]!);
    return Int32Array.from(topN(competing, k), (at) => candidates[at]!);
  }

  /** Σ over the history of weight × similarity to each neighbour. */
  score(history: History, out: Float64Array): void {
    out.fill(0);
    for (let h = 0; h < history.items.length; h++) {
      const item = history.items[h]!;
      const weight = history.weights[h]!;
      for (let at = this.start[item]!; at < this.start[item + 1]!; at++) {
        out[this.neighbourItems[at]!]! += weight * this.similarities[at]!;
      }
    }
  }

  /** Item i's neighbours, best first. */
  neighboursOf(item: number): { item: number; similarity: number }[] {
    const found: { item: number; similarity: number }[] = [];
    for (let at = this.start[item]!; at < this.start[item + 1]!; at++) {
      found.push({ item: this.neighbourItems[at]!, similarity: this.similarities[at]! });
    }
    return found;
  }
}
