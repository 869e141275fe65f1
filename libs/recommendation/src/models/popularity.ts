import type { History, Interactions } from './interactions.js';
import { HistoryModel, type ModelSpec } from './model.js';

/** Everyone gets the items most users interacted with: the baseline every other model must beat. */
export const popularity: ModelSpec = {
  name: 'popularity',
  train: (data) => new Popularity(data),
};

class Popularity extends HistoryModel {
  readonly name = 'popularity';
  private readonly counts: Float64Array;

  constructor(data: Interactions) {
    super(data);
    this.counts = data.itemCounts();
  }

  scoreHistory(_history: History, out: Float64Array): void {
    out.set(this.counts);
  }
}
