import { type History, Interactions } from './interactions.js';
import type { ModelSpec, TrainedModel } from './model.js';

/**
 * Trains `spec` on the `maxItems` items with the most interactions only, and scores every other
 * item −∞ (never recommended). For the models whose cost grows with the cube of the items (EASE's
 * primal, when users outnumber items): the long tail it drops holds few interactions, and a
 * hybrid's other parts still reach it.
 */
export function restrictedToPopular(spec: ModelSpec, maxItems: number): ModelSpec {
  return {
    name: `${spec.name}[top ${maxItems} items]`,
    train: (data) => {
      if (data.items <= maxItems) return spec.train(data);
      const counts = data.itemCounts();
      const kept = Int32Array.from({ length: data.items }, (_, i) => i)
        .sort((a, b) => counts[b]! - counts[a]! || a - b)
        .subarray(0, maxItems)
        .sort();
      const inner = new Int32Array(data.items).fill(-1);
      kept.forEach((item, at) => (inner[item] = at));
      const entries: [number, number, number][] = [];
      for (let u = 0; u < data.users; u++) {
        const { items, weights } = data.history(u);
        items.forEach((item, at) => {
          if (inner[item]! >= 0) entries.push([u, inner[item]!, weights[at]!]);
        });
      }
      return new Restricted(`${spec.name}[top ${maxItems} items]`, spec.train(Interactions.from(data.users, maxItems, entries)), kept, inner);
    },
  };
}

class Restricted implements TrainedModel {
  private readonly scores: Float64Array;

  constructor(
    readonly name: string,
    private readonly model: TrainedModel,
    /** Inner index → item. */
    private readonly kept: Int32Array,
    /** Item → inner index, or −1. */
    private readonly inner: Int32Array,
  ) {
    this.scores = new Float64Array(kept.length);
  }

  scoreUser(user: number, out: Float64Array): void {
    this.model.scoreUser(user, this.scores);
    this.spread(out);
  }

  scoreHistory(history: History, out: Float64Array): void {
    const at = [...history.items.keys()].filter((h) => this.inner[history.items[h]!]! >= 0);
    this.model.scoreHistory(
      { items: Int32Array.from(at, (h) => this.inner[history.items[h]!]!), weights: Float64Array.from(at, (h) => history.weights[h]!) },
      this.scores,
    );
    this.spread(out);
  }

  private spread(out: Float64Array): void {
    out.fill(Number.NEGATIVE_INFINITY);
    this.kept.forEach((item, at) => (out[item] = this.scores[at]!));
  }
}
