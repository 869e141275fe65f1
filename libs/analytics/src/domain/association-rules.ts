/**
 * "Bought together": association rules over purchase baskets by Apriori. Itemsets grow one item
 * at a time from the frequent ones below them (every subset of a frequent set is frequent), and
 * each frequent set of two or more items gives rules A → B for each way of splitting it.
 */
export interface AssociationRule {
  readonly antecedent: readonly string[];
  readonly consequent: readonly string[];
  /** Share of baskets holding A and B. */
  readonly support: number;
  /** Share of baskets holding A that hold B too. */
  readonly confidence: number;
  /** Confidence over B's own share: above 1, A makes B likelier. */
  readonly lift: number;
  /** Baskets holding A and B. */
  readonly baskets: number;
}

export interface RuleThresholds {
  readonly minSupport: number;
  readonly minConfidence: number;
  /** Largest itemset considered (pairs and triples are what a shop shows). */
  readonly maxItems: number;
}

export function associationRules(baskets: readonly (readonly string[])[], thresholds: RuleThresholds): AssociationRule[] {
  const sets = baskets.map((basket) => new Set(basket)).filter((basket) => basket.size > 0);
  const total = sets.length;
  if (total === 0) return [];
  const minCount = Math.ceil(thresholds.minSupport * total - 1e-9);
  const counts = new Map<string, number>();
  const keyOf = (items: readonly string[]) => items.join('\u0000');
  const countOf = (items: readonly string[]) => sets.filter((basket) => items.every((item) => basket.has(item))).length;

  let level: string[][] = [...new Set(sets.flatMap((basket) => [...basket]))].sort().map((item) => [item]);
  const frequent: string[][] = [];
  for (let size = 1; size <= thresholds.maxItems && level.length > 0; size++) {
    const kept = level.filter((items) => {
      const count = countOf(items);
      counts.set(keyOf(items), count);
      return count >= Math.max(1, minCount);
    });
    frequent.push(...kept);
    // Join sets sharing all but their last item; keep a candidate only if all its subsets were frequent.
    const known = new Set(kept.map(keyOf));
    const next: string[][] = [];
    for (let i = 0; i < kept.length; i++) {
      for (let j = i + 1; j < kept.length; j++) {
        const a = kept[i]!;
        const b = kept[j]!;
        if (keyOf(a.slice(0, -1)) !== keyOf(b.slice(0, -1))) continue;
        const candidate = [...a, b.at(-1)!].sort();
        if (candidate.every((_, skip) => known.has(keyOf(candidate.filter((__, index) => index !== skip))))) next.push(candidate);
      }
    }
    level = next;
  }

  const rules: AssociationRule[] = [];
  for (const items of frequent.filter((set) => set.length >= 2)) {
    const together = counts.get(keyOf(items))!;
    for (const antecedent of properSubsets(items)) {
      const consequent = items.filter((item) => !antecedent.includes(item));
      const confidence = together / counts.get(keyOf(antecedent))!;
      if (confidence + 1e-12 < thresholds.minConfidence) continue;
      const consequentShare = (counts.get(keyOf(consequent)) ?? countOf(consequent)) / total;
      rules.push({ antecedent, consequent, support: together / total, confidence, lift: confidence / consequentShare, baskets: together });
    }
  }
  // Strongest first; lifts equal up to rounding (A → B and B → A share theirs) tie, then confidence decides.
  const order = (x: number, y: number) => (Math.abs(x - y) > 1e-9 ? y - x : 0);
  return rules.sort(
    (a, b) =>
      order(a.lift, b.lift) ||
      order(a.confidence, b.confidence) ||
      keyOf([...a.antecedent, '|', ...a.consequent]).localeCompare(keyOf([...b.antecedent, '|', ...b.consequent])),
  );
}

/** Every non-empty proper subset, items kept in order. */
function properSubsets(items: readonly string[]): string[][] {
  const subsets: string[][] = [];
  for (let mask = 1; mask < (1 << items.length) - 1; mask++) subsets.push(items.filter((_, index) => mask & (1 << index)));
  return subsets;
}
