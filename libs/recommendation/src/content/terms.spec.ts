import { describe, expect, it } from 'vitest';
import { contentBased } from '../models/content-based.js';
import { Interactions } from '../models/interactions.js';
import { itemTerms, wordsOf } from './terms.js';

describe('content terms', () => {
  it('segments Chinese with jieba and splits other scripts at non-letters, lower-cased', () => {
    expect(wordsOf('用Python做数据分析')).toEqual(['用', 'python', '做', '数据分析']);
    expect(wordsOf('Rust in Practice, 2nd ed. (A)')).toEqual(['rust', 'in', 'practice', '2nd', 'ed']);
  });

  it('keeps tags, category and creator whole', () => {
    expect(itemTerms({ title: '机器学习', tags: ['数据分析', 'Python'], category: 'Tech', creator: 'u1' })).toEqual([
      '机器',
      '学习',
      'tag:数据分析',
      'tag:python',
      'category:tech',
      'creator:u1',
    ]);
  });
});

describe('content-based model', () => {
  it('finds the items that share rare terms, above the threshold, and none for an item that shares nothing', () => {
    const terms = [
      itemTerms({ title: '数据分析入门', tags: ['Python', '数据分析'] }),
      itemTerms({ title: 'Python 数据分析实战', tags: ['Python', '数据分析'] }),
      itemTerms({ title: '古典音乐欣赏', tags: ['音乐'] }),
      ...Array.from({ length: 20 }, (_, i) => [`filler${i}`]),
    ];
    const data = Interactions.from(1, terms.length, []);
    const model = contentBased((item) => terms[item]!, { k: 5, threshold: 0.05, maxDocumentShare: 0.5 }).train(data);
    const out = new Float64Array(terms.length);
    model.scoreHistory({ items: Int32Array.of(0), weights: Float64Array.of(1) }, out);
    expect(out[1]).toBeGreaterThan(0.5);
    expect(out[2]).toBe(0);
    model.scoreHistory({ items: Int32Array.of(2), weights: Float64Array.of(1) }, out);
    expect([...out].every((score) => score === 0)).toBe(true);
  });
});
