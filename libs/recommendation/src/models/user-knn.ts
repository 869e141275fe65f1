import type { History, Interactions } from './interactions.js';
import { USER_KNN_MAX_ITEM_LEARNERS } from './user-neighbours.js';
import { type ModelSpec, type TrainedModel, topN } from './model.js';

export interface UserKnnParams {
  /** The most similar users a prediction is made from. */
  readonly k: number;
  /**
   * Items with more learners than this are left out of the similarities (`USER_KNN_MAX_ITEM_LEARNERS`,
   * the batch's and the SQL's rule); default that constant.
   */
  readonly maxItemLearners?: number;
}

/** One of a user's nearest neighbours: who, and how alike their histories are (cosine, in (0, 1]). */
export interface SimilarUser {
  readonly user: number;
  readonly similarity: number;
}

/**
 * User-based collaborative filtering: cosine similarity of users' interaction vectors, the k most
 * similar users kept, and a predicted score for each item as the similarity-weighted mean of those
 * neighbours' interactions with it, Σ sim(u,v)·x_vj / Σ sim(u,v). Any history can be scored (a
 * learner after a purchase, a user the model was not trained on): only the item columns of the
 * history are walked to find who overlaps.
 */
export function userKnn(params: UserKnnParams = { k: 50 }): ModelSpec {
  return { name: `user-knn(k=${params.k})`, train: (data) => new UserKnn(data, params) };
}

export class UserKnn implements TrainedModel {
  readonly name: string;
  private readonly norms: Float64Array;

  constructor(
    private readonly data: Interactions,
    private readonly params: UserKnnParams,
  ) {
    this.name = `user-knn(k=${params.k})`;
    this.norms = new Float64Array(data.users);
    for (let u = 0; u < data.users; u++) {
      const { weights } = data.history(u);
      let sum = 0;
      for (const weight of weights) sum += weight * weight;
      this.norms[u] = Math.sqrt(sum);
    }
  }

  scoreUser(user: number, out: Float64Array): void {
    this.predict(this.neighboursOf(this.data.history(user), user), out);
  }

  scoreHistory(history: History, out: Float64Array): void {
    this.predict(this.neighboursOf(history, -1), out);
  }

  /** The k users most similar to this history (never `self`), most similar first. */
  neighboursOf(history: History, self: number): SimilarUser[] {
    const overlap = new Float64Array(this.data.users);
    const maxItemLearners = this.params.maxItemLearners ?? USER_KNN_MAX_ITEM_LEARNERS;
    let norm = 0;
    for (let h = 0; h < history.items.length; h++) {
      const item = history.items[h]!;
      const weight = history.weights[h]!;
      norm += weight * weight;
      if (this.data.itemStart[item + 1]! - this.data.itemStart[item]! > maxItemLearners) continue;
      for (let at = this.data.itemStart[item]!; at < this.data.itemStart[item + 1]!; at++) {
        overlap[this.data.itemUsers[at]!]! += weight * this.data.itemWeights[at]!;
      }
    }
    norm = Math.sqrt(norm);
    const similarity = overlap.map((dot, v) => (v === self || dot === 0 ? 0 : dot / (norm * this.norms[v]!)));
    return Array.from(topN(similarity, this.params.k, (v) => !(similarity[v]! > 0)), (v) => ({ user: v, similarity: similarity[v]! }));
  }

  /** Σ sim·x_vj / Σ sim over the neighbours: a weighted mean of their interactions, 0 where none had the item. */
  private predict(neighbours: readonly SimilarUser[], out: Float64Array): void {
    out.fill(0);
    let total = 0;
    for (const { user, similarity } of neighbours) {
      total += similarity;
      const { items, weights } = this.data.history(user);
      for (let at = 0; at < items.length; at++) out[items[at]!]! += similarity * weights[at]!;
    }
    if (total > 0) for (let j = 0; j < out.length; j++) out[j] = out[j]! / total;
  }
}
