/**
 * Implicit feedback as a sparse users × items matrix, by rows (a user's items) and by columns
 * (an item's users). Users and items are dense indices 0..n-1; callers keep the mapping to ids.
 * Weights are the signal strength (1 for a plain interaction; see the serving side's signal weights).
 */
export class Interactions {
  private constructor(
    readonly users: number,
    readonly items: number,
    /** Row pointers: user u's entries are userItems[userStart[u] .. userStart[u+1]), items ascending. */
    readonly userStart: Int32Array,
    readonly userItems: Int32Array,
    readonly userWeights: Float64Array,
    /** Column pointers: item i's entries are itemUsers[itemStart[i] .. itemStart[i+1]), users ascending. */
    readonly itemStart: Int32Array,
    readonly itemUsers: Int32Array,
    readonly itemWeights: Float64Array,
  ) {}

  /** Builds the matrix; a repeated (user, item) pair keeps its largest weight. */
  static from(users: number, items: number, entries: Iterable<readonly [user: number, item: number, weight: number]>): Interactions {
    const best = new Map<number, number>();
    for (const [user, item, weight] of entries) {
      if (!(user >= 0 && user < users && item >= 0 && item < items)) throw new RangeError(`interaction (${user}, ${item}) outside ${users}×${items}`);
      if (!(weight > 0)) throw new RangeError(`interaction (${user}, ${item}) has weight ${weight}; weights are positive`);
      const key = user * items + item;
      best.set(key, Math.max(best.get(key) ?? 0, weight));
    }
    const keys = Float64Array.from(best.keys()).sort();
    const nnz = keys.length;
    const userStart = new Int32Array(users + 1);
    const itemStart = new Int32Array(items + 1);
    for (const key of keys) {
      userStart[Math.floor(key / items) + 1]!++;
      itemStart[(key % items) + 1]!++;
    }
    for (let u = 0; u < users; u++) userStart[u + 1]! += userStart[u]!;
    for (let i = 0; i < items; i++) itemStart[i + 1]! += itemStart[i]!;
    const userItems = new Int32Array(nnz);
    const userWeights = new Float64Array(nnz);
    const itemUsers = new Int32Array(nnz);
    const itemWeights = new Float64Array(nnz);
    const itemFill = itemStart.slice(0, items);
    // Keys ascend by user then item, so both layouts come out sorted.
    keys.forEach((key, at) => {
      const user = Math.floor(key / items);
      const item = key % items;
      const weight = best.get(key)!;
      userItems[at] = item;
      userWeights[at] = weight;
      const slot = itemFill[item]!++;
      itemUsers[slot] = user;
      itemWeights[slot] = weight;
    });
    return new Interactions(users, items, userStart, userItems, userWeights, itemStart, itemUsers, itemWeights);
  }

  get size(): number {
    return this.userItems.length;
  }

  /** How many users interacted with each item. */
  itemCounts(): Float64Array {
    const counts = new Float64Array(this.items);
    for (let i = 0; i < this.items; i++) counts[i] = this.itemStart[i + 1]! - this.itemStart[i]!;
    return counts;
  }

  /** User u's history: the items and their weights (views into this matrix, not copies). */
  history(user: number): History {
    const from = this.userStart[user]!;
    const to = this.userStart[user + 1]!;
    return { items: this.userItems.subarray(from, to), weights: this.userWeights.subarray(from, to) };
  }
}

/** What one user interacted with: parallel arrays of item indices and weights. */
export interface History {
  readonly items: Int32Array;
  readonly weights: Float64Array;
}
