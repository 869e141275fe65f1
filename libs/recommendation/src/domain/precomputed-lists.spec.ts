import { describe, expect, it } from 'vitest';
import { type ListedItem, namedItems, servePrecomputed, type StoredList } from './precomputed-lists.js';
import type { Recommendation } from './ranking.js';

const LEARNER = 'learner';
const listedItem = (id: string, changes: Partial<ListedItem> = {}): ListedItem => ({
  title: `Title ${id}`,
  kind: 'course',
  creatorId: `creator-${id}`,
  categoryId: null,
  category: null,
  publishedAt: '2026-11-01T00:00:00.000Z',
  learners: 0,
  ...changes,
});
const modelPick = (id: string, score: number, withId = 'a'): Recommendation => ({
  contentId: id,
  title: `Title ${id}`,
  kind: 'course',
  score,
  reasons: [{ kind: 'co-purchase', with: `Title ${withId}`, withContentId: withId, learners: 2 }],
});
const popularPick = (id: string, learners = 3): Recommendation => ({ contentId: id, title: `Title ${id}`, kind: 'course', score: 0, reasons: [{ kind: 'popular', learners }] });

/** Given: a list computed when the learner owned `a`: two model picks, then two popular ones. */
const stored = (changes: Partial<StoredList> = {}): StoredList => ({
  basis: ['a'],
  items: [modelPick('m1', 2), modelPick('m2', 1), popularPick('p1'), popularPick('p2')],
  complete: true,
  listed: {
    a: listedItem('a'),
    m1: listedItem('m1'),
    m2: listedItem('m2'),
    p1: listedItem('p1', { learners: 3 }),
    p2: listedItem('p2', { learners: 3 }),
  },
  ...changes,
});

describe('a precomputed list as it may be served now', () => {
  it('serves the stored list, cut to the page, while the learner owns what it was computed from', () => {
    expect(servePrecomputed(stored(), LEARNER, ['a'], 10)).toEqual(stored().items);
    expect(servePrecomputed(stored(), LEARNER, ['a'], 2)).toEqual(stored().items.slice(0, 2));
  });

  it('is not served (the live computation is) once the learner owns more, or less, than it was computed from', () => {
    expect(servePrecomputed(stored(), LEARNER, ['a', 'b'], 10)).toBeNull();
    expect(servePrecomputed(stored({ basis: ['a', 'b'] }), LEARNER, ['a'], 10)).toBeNull();
    expect(servePrecomputed(stored({ basis: ['a'] }), LEARNER, ['b'], 10)).toBeNull();
  });

  it('is not served for a page longer than a list that was cut off, and is for one that held everything', () => {
    expect(servePrecomputed(stored({ complete: false }), LEARNER, ['a'], 5)).toBeNull();
    expect(servePrecomputed(stored({ complete: false }), LEARNER, ['a'], 4)).toHaveLength(4);
    expect(servePrecomputed(stored({ complete: true }), LEARNER, ['a'], 5)).toHaveLength(4);
  });

  it('drops an item no longer listed, or now the learner\'s own, and serves the rest when enough remain', () => {
    const { m2: _gone, ...rest } = stored().listed;
    expect(servePrecomputed(stored({ listed: rest }), LEARNER, ['a'], 3)?.map((pick) => pick.contentId)).toEqual(['m1', 'p1', 'p2']);
    const own = { ...stored().listed, m1: listedItem('m1', { creatorId: LEARNER }) };
    expect(servePrecomputed(stored({ listed: own }), LEARNER, ['a'], 3)?.map((pick) => pick.contentId)).toEqual(['m2', 'p1', 'p2']);
  });

  it('leaves the filling to the live computation when too few remain after a drop', () => {
    const { m2: _gone, ...rest } = stored().listed;
    expect(servePrecomputed(stored({ listed: rest }), LEARNER, ['a'], 4)).toBeNull();
  });

  it('drops a model pick whose only evidence names an owned item no longer listed, and keeps its other evidence', () => {
    const twoReasons: Recommendation = {
      ...modelPick('m1', 2),
      reasons: [...modelPick('m1', 2).reasons, { kind: 'similar', to: 'Title b', toContentId: 'b', shared: ['go'] }],
    };
    const { a: _gone, ...withoutA } = stored().listed;
    const served = servePrecomputed(stored({ basis: ['a', 'b'], items: [twoReasons, ...stored().items.slice(1)], listed: { ...withoutA, b: listedItem('b') } }), LEARNER, ['a', 'b'], 3);
    expect(served).toEqual([{ ...twoReasons, reasons: [twoReasons.reasons[1]] }, popularPick('p1'), popularPick('p2')]);
  });

  it('takes titles as they are now, in picks and in the reasons that name owned items', () => {
    const renamed = { ...stored().listed, a: listedItem('a', { title: 'A renamed' }), m1: listedItem('m1', { title: 'M1 renamed' }) };
    const [first] = servePrecomputed(stored({ listed: renamed }), LEARNER, ['a'], 1)!;
    expect(first).toEqual({ ...modelPick('m1', 2), title: 'M1 renamed', reasons: [{ kind: 'co-purchase', with: 'A renamed', withContentId: 'a', learners: 2 }] });
  });

  it('counts a popular pick\'s learners as of the read, and calls one nobody bought new, with its category', () => {
    const counted = { ...stored().listed, p1: listedItem('p1', { learners: 7 }) };
    expect(servePrecomputed(stored({ listed: counted }), LEARNER, ['a'], 3)![2]!.reasons).toEqual([{ kind: 'popular', learners: 7 }]);

    const inCategory: Recommendation = { ...popularPick('p1'), reasons: [{ kind: 'new', publishedAt: '2026-11-01T00:00:00.000Z', category: 'Go', categoryId: 'go' }] };
    const bought = { ...stored().listed, p1: listedItem('p1', { learners: 1, categoryId: 'go', category: 'Go' }) };
    const items = [...stored().items.slice(0, 2), inCategory, popularPick('p2')];
    expect(servePrecomputed(stored({ items, listed: bought }), LEARNER, ['a'], 3)![2]!.reasons).toEqual([
      { kind: 'popular-in', category: 'Go', categoryId: 'go', learners: 1 },
    ]);
    const stillNew = { ...bought, p1: listedItem('p1', { learners: 0, categoryId: 'go', category: 'Go Renamed' }) };
    expect(servePrecomputed(stored({ items, listed: stillNew }), LEARNER, ['a'], 3)![2]!.reasons).toEqual([
      { kind: 'new', publishedAt: '2026-11-01T00:00:00.000Z', category: 'Go Renamed', categoryId: 'go' },
    ]);
  });

  it('drops a popular pick of the learner\'s category once the item is filed elsewhere', () => {
    const inCategory: Recommendation = { ...popularPick('p1'), reasons: [{ kind: 'popular-in', category: 'Go', categoryId: 'go', learners: 3 }] };
    const moved = { ...stored().listed, p1: listedItem('p1', { learners: 3, categoryId: 'rust', category: 'Rust' }) };
    const items = [...stored().items.slice(0, 2), inCategory, popularPick('p2')];
    expect(servePrecomputed(stored({ items, listed: moved }), LEARNER, ['a'], 3)?.map((pick) => pick.contentId)).toEqual(['m1', 'm2', 'p2']);
  });

  it('names every item a list refers to: its picks and the owned items of its reasons', () => {
    expect(namedItems([modelPick('m1', 1, 'a'), popularPick('p1')]).sort()).toEqual(['a', 'm1', 'p1']);
  });

  it('takes the title of an item engaged with as it is now, and drops a pick whose only evidence names one no longer listed', () => {
    const engaged = (id: string): Recommendation => ({
      contentId: id,
      title: `Title ${id}`,
      kind: 'course',
      score: 0.4,
      reasons: [{ kind: 'engaged-with', with: 'Title v', withContentId: 'v', acts: ['view'] }],
    });
    const items = [modelPick('m1', 2), engaged('e1'), popularPick('p1')];
    const listed = { ...stored().listed, e1: listedItem('e1'), v: listedItem('v', { title: 'V renamed' }) };
    expect(servePrecomputed(stored({ items, listed }), LEARNER, ['a'], 3)?.[1]?.reasons).toEqual([
      { kind: 'engaged-with', with: 'V renamed', withContentId: 'v', acts: ['view'] },
    ]);
    const { v: _gone, ...withoutV } = listed;
    expect(servePrecomputed(stored({ items, listed: withoutV }), LEARNER, ['a'], 2)?.map((pick) => pick.contentId)).toEqual(['m1', 'p1']);
  });

  it('names the item engaged with that a reason refers to', () => {
    const engaged: Recommendation = { contentId: 'e1', title: 'E1', kind: 'course', score: 1, reasons: [{ kind: 'engaged-with', with: 'V', withContentId: 'v', acts: ['view'] }] };
    expect(namedItems([engaged]).sort()).toEqual(['e1', 'v']);
  });
});
