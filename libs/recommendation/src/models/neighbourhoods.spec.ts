import { describe, expect, it } from 'vitest';
import { ContentBased, contentBased } from './content-based.js';
import { Interactions } from './interactions.js';
import { itemKnn } from './item-knn.js';
import { neighbourhoods } from './neighbourhoods.js';

// Users over items 0–3: item 0 is bought with 1 (twice) and 2 (once); item 3 alone.
const data = Interactions.from(3, 4, [
  [0, 0, 1], [0, 1, 1],
  [1, 0, 1], [1, 1, 1], [1, 2, 1],
  [2, 3, 1],
]);

describe('neighbourhoods', () => {
  it('gives each item the best positively scored other items of its one-item history, best first, at most k', () => {
    const model = itemKnn({ k: 10, shrink: 0 }).train(data);
    const [zero, three] = [...neighbourhoods(model, data, 10, [0, 3])];
    expect(zero!.item).toBe(0);
    expect(zero!.neighbours.map((n) => n.item)).toEqual([1, 2]);
    expect(zero!.neighbours[0]!.score).toBeCloseTo(2 / Math.sqrt(2 * 2), 12);
    expect(three!.neighbours).toEqual([]);
    expect([...neighbourhoods(model, data, 1, [0])][0]!.neighbours.map((n) => n.item)).toEqual([1]);
  });
});

describe('content model: shared terms', () => {
  const terms = [
    ['python', 'tag:数据分析', 'creator:x', 'intro'],
    ['python', 'tag:数据分析', 'creator:x', 'advanced'],
    ['cooking', 'creator:y'],
    ['gardening', 'creator:y'],
  ];
  const model = contentBased((item) => terms[item]!, { k: 10, threshold: 0.01, maxDocumentShare: 0.1 }).train(
    Interactions.from(0, 4, []),
  ) as ContentBased;

  it('names the terms two items both carry, without prefixes, and never the creator', () => {
    expect(model.sharedTerms(0, 1, 5).sort()).toEqual(['python', '数据分析']);
    expect(model.sharedTerms(0, 1, 1)).toHaveLength(1);
    expect(model.sharedTerms(2, 3, 5)).toEqual([]);
  });

  it('finds neighbours through a shared creator too (the serving side drops those with nothing to show)', () => {
    expect(model.neighbours.neighboursOf(2).map((n) => n.item)).toEqual([3]);
  });
});
