import { describe, expect, it } from 'vitest';
import { associationRules } from './association-rules.js';

/** Every rule A → B over every itemset, counted the slow and obvious way. */
function bruteForce(baskets: string[][], minSupport: number, minConfidence: number, maxItems: number) {
  const items = [...new Set(baskets.flat())].sort();
  const holds = (basket: string[], set: string[]) => set.every((item) => basket.includes(item));
  const count = (set: string[]) => baskets.filter((basket) => holds(basket, set)).length;
  const rules = [];
  for (let mask = 1; mask < 1 << items.length; mask++) {
    const set = items.filter((_, i) => mask & (1 << i));
    if (set.length < 2 || set.length > maxItems || count(set) / baskets.length < minSupport || count(set) === 0) continue;
    for (let sub = 1; sub < (1 << set.length) - 1; sub++) {
      const antecedent = set.filter((_, i) => sub & (1 << i));
      const consequent = set.filter((item) => !antecedent.includes(item));
      const confidence = count(set) / count(antecedent);
      if (confidence < minConfidence) continue;
      rules.push({
        antecedent,
        consequent,
        support: count(set) / baskets.length,
        confidence,
        lift: confidence / (count(consequent) / baskets.length),
        baskets: count(set),
      });
    }
  }
  const key = (rule: { antecedent: string[]; consequent: string[] }) => `${rule.antecedent.join(',')}>${rule.consequent.join(',')}`;
  return rules.sort((a, b) => key(a).localeCompare(key(b)));
}

const BASKETS = [
  ['bread', 'milk'],
  ['bread', 'diapers', 'beer', 'eggs'],
  ['milk', 'diapers', 'beer', 'cola'],
  ['bread', 'milk', 'diapers', 'beer'],
  ['bread', 'milk', 'diapers', 'cola'],
  ['milk'],
  [],
  ['beer', 'diapers'],
];

describe('association rules (Apriori) against a brute-force count', () => {
  for (const [minSupport, minConfidence] of [
    [0.01, 0.01],
    [0.25, 0.5],
    [0.3, 0.7],
    [0.5, 0.9],
  ] as const) {
    it(`finds exactly the rules with support ≥ ${minSupport} and confidence ≥ ${minConfidence}`, () => {
      const nonEmpty = BASKETS.filter((basket) => basket.length > 0);
      const found = associationRules(BASKETS, { minSupport, minConfidence, maxItems: 3 });
      const key = (rule: { antecedent: readonly string[]; consequent: readonly string[] }) => `${rule.antecedent.join(',')}>${rule.consequent.join(',')}`;
      const expected = bruteForce(nonEmpty, minSupport, minConfidence, 3);
      expect([...found].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        expected.map((rule) => ({ ...rule, confidence: expect.closeTo(rule.confidence, 12), lift: expect.closeTo(rule.lift, 12) })),
      );
    });
  }

  it('names the classic rule with its figures, strongest lift first', () => {
    const [top] = associationRules(BASKETS, { minSupport: 0.3, minConfidence: 0.7, maxItems: 2 });
    // 4 of 7 baskets hold diapers and beer; all 4 with beer hold diapers; 5 of 7 hold diapers.
    expect(top).toEqual({ antecedent: ['beer'], consequent: ['diapers'], support: 4 / 7, confidence: 1, lift: expect.closeTo(7 / 5, 12), baskets: 4 });
    expect(associationRules([], { minSupport: 0.1, minConfidence: 0.1, maxItems: 3 })).toEqual([]);
  });

  it('keeps a rule exactly at its thresholds, stops at maxItems, and never confuses item names that run together', () => {
    const baskets = [['a', 'b'], ['a', 'b'], ['a'], ['c']];
    // {a, b}: support 2/4 = 0.5; a → b confidence 2/3, b → a confidence 1.
    expect(associationRules(baskets, { minSupport: 0.5, minConfidence: 1, maxItems: 2 }).map((r) => [r.antecedent, r.consequent])).toEqual([[['b'], ['a']]]);
    expect(associationRules(baskets, { minSupport: 0.51, minConfidence: 0.1, maxItems: 2 })).toEqual([]);
    expect(associationRules(baskets, { minSupport: 0.5, minConfidence: 2 / 3, maxItems: 2 })).toHaveLength(2);
    const triples = [['x', 'y', 'z'], ['x', 'y', 'z']];
    expect(associationRules(triples, { minSupport: 0.5, minConfidence: 0.5, maxItems: 2 }).every((r) => r.antecedent.length + r.consequent.length === 2)).toBe(true);
    expect(associationRules(triples, { minSupport: 0.5, minConfidence: 0.5, maxItems: 3 })).toHaveLength(12);
    expect(associationRules(triples, { minSupport: 0.5, minConfidence: 0.5, maxItems: 1 })).toEqual([]);
    const joined = associationRules([['ab', 'c'], ['a', 'bc']], { minSupport: 0.5, minConfidence: 0.5, maxItems: 2 });
    expect(joined.map((r) => `${r.antecedent}>${r.consequent}`).sort()).toEqual(['a>bc', 'ab>c', 'bc>a', 'c>ab']);
    // Equal lift and confidence: by the rule's items, so the order is the same on every run.
    expect(joined.map((r) => `${r.antecedent}>${r.consequent}`)).toEqual(['a>bc', 'ab>c', 'bc>a', 'c>ab']);
  });
});
