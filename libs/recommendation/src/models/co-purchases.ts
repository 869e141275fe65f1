import { bestIndices } from './model.js';

/** Item i's rows are neighbours[start[i] .. start[i+1]), best first. */
export interface NeighbourTable {
  readonly start: Int32Array;
  readonly neighbours: Int32Array;
  readonly scores: Float64Array;
}

/**
 * "Frequently bought together": for every item a, the k items b most often bought by a's buyers,
 * by cosine co(a,b) / √(n_a·n_b) (n = buyers), then co(a,b) descending, then b's index (the batch
 * indexes items in content id order, so this is the id order the SQL it replaces used). The
 * arithmetic is PostgreSQL's: an integer count divided by the square root of a float product.
 * Costs Σ over users of their purchases², in typed arrays.
 */
export function coPurchaseNeighbours(
  users: number,
  items: number,
  pairUser: Int32Array,
  pairItem: Int32Array,
  k: number,
): NeighbourTable & { readonly coPurchases: Int32Array } {
  const buyers = new Int32Array(items);
  const userStart = new Int32Array(users + 1);
  for (let at = 0; at < pairUser.length; at++) {
    buyers[pairItem[at]!]!++;
    userStart[pairUser[at]! + 1]!++;
  }
  for (let u = 0; u < users; u++) userStart[u + 1]! += userStart[u]!;
  const itemStart = new Int32Array(items + 1);
  for (let i = 0; i < items; i++) itemStart[i + 1] = itemStart[i]! + buyers[i]!;
  const userItems = new Int32Array(pairUser.length);
  const itemUsers = new Int32Array(pairUser.length);
  const userFill = userStart.slice(0, users);
  const itemFill = itemStart.slice(0, items);
  for (let at = 0; at < pairUser.length; at++) {
    userItems[userFill[pairUser[at]!]!++] = pairItem[at]!;
    itemUsers[itemFill[pairItem[at]!]!++] = pairUser[at]!;
  }

  const start = new Int32Array(items + 1);
  const kept: Int32Array[] = [];
  const keptScores: Float64Array[] = [];
  const keptCounts: Int32Array[] = [];
  const co = new Int32Array(items);
  const touched = new Int32Array(items);
  for (let a = 0; a < items; a++) {
    let size = 0;
    for (let x = itemStart[a]!; x < itemStart[a + 1]!; x++) {
      const user = itemUsers[x]!;
      for (let y = userStart[user]!; y < userStart[user + 1]!; y++) {
        const b = userItems[y]!;
        if (b === a) continue;
        if (co[b] === 0) touched[size++] = b;
        co[b]!++;
      }
    }
    const score = (b: number) => co[b]! / Math.sqrt(buyers[a]! * buyers[b]!);
    // "b ranks below c": lower score, then fewer co-purchases, then the higher index.
    const below = (b: number, c: number) => {
      const sb = score(b);
      const sc = score(c);
      return sb < sc || (sb === sc && (co[b]! < co[c]! || (co[b] === co[c] && b > c)));
    };
    const best = bestOf(touched.subarray(0, size), k, below);
    kept.push(best);
    keptScores.push(Float64Array.from(best, score));
    keptCounts.push(Int32Array.from(best, (b) => co[b]!));
    start[a + 1] = start[a]! + best.length;
    for (let t = 0; t < size; t++) co[touched[t]!] = 0;
  }
  const neighbours = new Int32Array(start[items]!);
  const scores = new Float64Array(start[items]!);
  const coPurchases = new Int32Array(start[items]!);
  for (let a = 0; a < items; a++) {
    neighbours.set(kept[a]!, start[a]!);
    scores.set(keptScores[a]!, start[a]!);
    coPurchases.set(keptCounts[a]!, start[a]!);
  }
  return { start, neighbours, scores, coPurchases };
}

/** The `k` best of `candidates` (best first) under `below`. */
function bestOf(candidates: Int32Array, k: number, below: (b: number, c: number) => boolean): Int32Array {
  return bestIndices(candidates.length, k, (a, b) => below(candidates[a]!, candidates[b]!)).map((at) => candidates[at]!);
}
