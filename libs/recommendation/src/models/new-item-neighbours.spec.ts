import { describe, expect, it } from 'vitest';
import { itemTerms } from '../content/terms.js';
import { ContentBased, contentBased, DEFAULT_CONTENT_PARAMS } from './content-based.js';
import { Hybrid } from './hybrid.js';
import { Interactions } from './interactions.js';
import { contentWeightOf, newItemNeighbours } from './new-item-neighbours.js';
import { neighbourhoods } from './neighbourhoods.js';
import { EASE, RP3BETA } from './catalogue.js';

/** A small catalogue: two topics, a shared creator, one item whose only overlap with another is their creator. */
const CATALOGUE = [
  itemTerms({ title: 'Python 数据分析入门', tags: ['Python', '数据分析'], category: '数据', creator: 'c1' }),
  itemTerms({ title: '用 Python 做数据分析实战', tags: ['Python', '数据分析'], category: '数据', creator: 'c2' }),
  itemTerms({ title: 'Pandas 数据清洗', tags: ['数据分析'], category: '数据', creator: 'c3' }),
  itemTerms({ title: 'Rust in Practice', tags: ['Rust'], category: '系统', creator: 'c1' }),
  itemTerms({ title: 'Systems Programming with Rust', tags: ['Rust'], category: '系统', creator: 'c4' }),
  itemTerms({ title: 'Watercolour basics', tags: ['art'], creator: 'c5' }),
  itemTerms({ title: 'Oil painting', tags: ['painting'], creator: 'c5' }),
  itemTerms({ title: 'Python for kids', tags: ['Python'], creator: 'c6' }),
];
const NEW = 1;
const OPTIONS = { neighbours: 20, sharedTerms: 5, weight: 1 };

/** The batch's content model trained on the whole catalogue (what `trainBatch` writes). */
function batchContent(): ContentBased {
  return contentBased((item) => CATALOGUE[item]!).train(Interactions.from(1, CATALOGUE.length, [[0, 0, 1]])) as ContentBased;
}

describe('newItemNeighbours', () => {
  it('given a catalogue, when one item is computed alone, then its rows are those the batch keeps for it', () => {
    const batch = batchContent();
    const expected = batch.neighbours
      .neighboursOf(NEW)
      .map(({ item, similarity }) => ({ item: NEW, neighbour: item, similarity, shared: batch.sharedTerms(NEW, item, 5) }))
      .filter((row) => row.shared.length > 0);
    const { content } = newItemNeighbours(CATALOGUE, NEW, OPTIONS);
    expect(content.length).toBeGreaterThan(1);
    expect(content).toEqual(expected);
  });

  it('given the new item, when computed, then each neighbour gets it back with the same similarity and the terms both carry', () => {
    const batch = batchContent();
    const { content, reverse } = newItemNeighbours(CATALOGUE, NEW, OPTIONS);
    expect(reverse).toEqual(content.map((row) => ({ item: row.neighbour, neighbour: NEW, similarity: row.similarity, shared: batch.sharedTerms(row.neighbour, NEW, 5) })));
  });

  it('given the content part weighted 0, when computed, then it has content neighbours and no neighbourhood under the model', () => {
    const { content, model } = newItemNeighbours(CATALOGUE, NEW, { ...OPTIONS, weight: 0 });
    expect(content.length).toBeGreaterThan(0);
    expect(model).toEqual([]);
  });

  it('given an item sharing only its creator with another, when computed, then that pair has no content row but counts in the model', () => {
    // Watercolour (5) and oil painting (6) share only their creator.
    const { content, model } = newItemNeighbours(CATALOGUE, 5, OPTIONS);
    expect(content).toEqual([]);
    expect(model).toEqual([{ neighbour: 6, score: 1 }]);
  });

  it('given a hybrid of EASE, RP3β and content weighted 0.6/0.3/0.1, when an item nobody bought is computed, then its neighbourhood is the model\'s', () => {
    // Learners who bought only the other items: the new item (1) has no interaction.
    const data = Interactions.from(3, CATALOGUE.length, [[0, 0, 1], [0, 2, 1], [1, 3, 1], [1, 4, 1], [2, 7, 1], [2, 0, 1]]);
    const parts = [EASE, RP3BETA, contentBased((item) => CATALOGUE[item]!)];
    const weights = [0.6, 0.3, 0.1];
    // Named and built as hybrid() builds it once its weights are chosen.
    const served = new Hybrid(`hybrid(${parts.map((c, i) => `${weights[i]!.toFixed(2)}·${c.name}`).join(' + ')})`, parts.map((c) => c.train(data)), weights);
    const [{ neighbours }] = [...neighbourhoods(served, data, 20, [NEW])];
    const { model } = newItemNeighbours(CATALOGUE, NEW, { ...OPTIONS, weight: contentWeightOf(served.name) });
    expect(neighbours!.length).toBeGreaterThan(1);
    expect(model.map((row) => row.neighbour)).toEqual(neighbours!.map((row) => row.item));
    expect(model.map((row) => row.score)).toEqual(neighbours!.map((row) => row.score));
  });

  it('given the weight of the content part, when computed, then the scores are that weight times the similarity over the best one', () => {
    const { content, model } = newItemNeighbours(CATALOGUE, NEW, { ...OPTIONS, weight: 0.3 });
    expect(model[0]!.score).toBeCloseTo(0.3, 12);
    expect(model[1]!.score).toBeCloseTo((0.3 * content[1]!.similarity) / content[0]!.similarity, 12);
  });

  it('given more neighbours than asked, when computed, then only the best are kept', () => {
    const { content, model } = newItemNeighbours(CATALOGUE, NEW, { ...OPTIONS, neighbours: 1 });
    expect(content).toHaveLength(1);
    expect(model).toHaveLength(1);
    expect(content[0]!.neighbour).toBe(0);
  });

  it('given an item with no term in common with any other, when computed, then it has no neighbour', () => {
    const lonely = [...CATALOGUE, itemTerms({ title: 'Quantum knitting', creator: 'c9' })];
    expect(newItemNeighbours(lonely, CATALOGUE.length, OPTIONS)).toEqual({ content: [], reverse: [], model: [] });
  });

  it('given a threshold above every similarity, when computed, then nothing is kept', () =>
    expect(newItemNeighbours(CATALOGUE, NEW, OPTIONS, { ...DEFAULT_CONTENT_PARAMS, threshold: 1.01 })).toEqual({ content: [], reverse: [], model: [] }));
});

describe('contentWeightOf', () => {
  it('given a hybrid naming its content weight, then that weight', () =>
    expect(contentWeightOf('hybrid(0.60·ease(lambda=70) + 0.30·rp3beta(k=100) + 0.10·content(k=50,threshold=0.05))')).toBe(0.1));
  it('given a sparse hybrid, then its content weight', () => expect(contentWeightOf('hybrid(0.40·rp3beta(k=100) + 0.60·content(k=50,threshold=0.05))')).toBe(0.6));
  it('given content weighted 0 (EASE alone), then 0', () =>
    expect(contentWeightOf('hybrid(1.00·ease(lambda=70) + 0.00·rp3beta(k=100) + 0.00·content(k=50,threshold=0.05))')).toBe(0));
  it('given a model without content, or none, then 0', () => {
    expect(contentWeightOf('hybrid(1.00·ease(lambda=70))')).toBe(0);
    expect(contentWeightOf(null)).toBe(0);
  });
});
