import type { Interactions } from './interactions.js';
import { bestIndices } from './model.js';

/**
 * The default of RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS: an item held by more learners than this
 * is left out when user-kNN looks for a learner's neighbours (its dot products; the norms keep it,
 * and a neighbour's holding of it still counts in the prediction). As max_df in TF-IDF: a
 * bestseller everyone owns says little about whose taste is alike, yet it is what makes the search
 * cost Σ over items of their learners² (105 s of the 184 s rebuild at 1,000,000 purchases). With
 * the cap the batch costs at most items × cap², and a refresh walks at most cap co-learners per
 * item. Chosen over walking a sample of a popular item's learners: the rule is the same for every
 * learner (the relation stays symmetric, no arbitrary "first 1000 by id"), it is one comparison in
 * the batch, the model and the SQL, and results are exact wherever no item passes the cap.
 */
export const USER_KNN_MAX_ITEM_LEARNERS = 1000;

/** User u's neighbours are neighbours[start[u] .. start[u+1]), best first, with their similarities. */
export interface UserNeighbourTable {
  readonly start: Int32Array;
  readonly neighbours: Int32Array;
  readonly similarities: Float64Array;
}

/**
 * Every user's k nearest users, as `UserKnn.neighboursOf` finds them for one (cosine of the weighted
 * interaction vectors, Σ w_u·w_v / (‖u‖·‖v‖), only users sharing an item, never the user), for all
 * users at once: what the batch stores so a user-kNN list is read without walking every overlapping
 * learner's history. Ties go to the user first in `order` (the batch passes the uuid order, which
 * is the SQL's `ORDER BY similarity DESC, user_id`). Items with more than `maxItemLearners` learners
 * are left out of the dot products (not of the norms): the rule of `USER_KNN_MAX_ITEM_LEARNERS`.
 * Costs Σ over the other items of their users², so at most items × maxItemLearners², in typed arrays.
 */
export function userNeighbours(
  data: Interactions,
  k: number,
  order: Int32Array = Int32Array.from({ length: data.users }, (_, u) => u),
  /** Called with the share of users done, about every 1 %. */
  progress: (done: number) => void = () => undefined,
  /** Items with more learners than this add nothing to any dot product (`USER_KNN_MAX_ITEM_LEARNERS`). */
  maxItemLearners: number = USER_KNN_MAX_ITEM_LEARNERS,
): UserNeighbourTable {
  const every = Math.max(1, Math.floor(data.users / 100));
  const norms = new Float64Array(data.users);
  for (let u = 0; u < data.users; u++) {
    let sum = 0;
    for (let at = data.userStart[u]!; at < data.userStart[u + 1]!; at++) sum += data.userWeights[at]! ** 2;
    norms[u] = Math.sqrt(sum);
  }
  const start = new Int32Array(data.users + 1);
  const neighbours = new Int32Array(data.users * k);
  const similarities = new Float64Array(data.users * k);
  const dot = new Float64Array(data.users);
  const touched = new Int32Array(data.users);
  const similarity = new Float64Array(data.users);
  let filled = 0;
  for (let u = 0; u < data.users; u++) {
    let size = 0;
    for (let a = data.userStart[u]!; a < data.userStart[u + 1]!; a++) {
      const item = data.userItems[a]!;
      if (data.itemStart[item + 1]! - data.itemStart[item]! > maxItemLearners) continue;
      const weight = data.userWeights[a]!;
      for (let b = data.itemStart[item]!; b < data.itemStart[item + 1]!; b++) {
        const v = data.itemUsers[b]!;
        if (v === u) continue;
        if (dot[v] === 0) touched[size++] = v;
        dot[v]! += weight * data.itemWeights[b]!;
      }
    }
    for (let t = 0; t < size; t++) {
      const v = touched[t]!;
      similarity[t] = dot[v]! / (norms[u]! * norms[v]!);
      dot[v] = 0;
    }
    const best = bestIndices(size, k, (x, y) => similarity[x]! < similarity[y]! || (similarity[x] === similarity[y] && order[touched[x]!]! > order[touched[y]!]!));
    for (const at of best) {
      neighbours[filled] = touched[at]!;
      similarities[filled++] = similarity[at]!;
    }
    start[u + 1] = filled;
    if ((u + 1) % every === 0) progress((u + 1) / data.users);
  }
  return { start, neighbours: neighbours.slice(0, filled), similarities: similarities.slice(0, filled) };
}
