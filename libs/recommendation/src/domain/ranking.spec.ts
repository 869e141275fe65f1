import { describe, expect, it } from 'vitest';
import { type NeighbourCandidate, type PopularCandidate, recommend } from './ranking.js';

const LEARNER = 'learner';
const OTHER_CREATOR = 'creator';

const neighbour = (contentId: string, score: number, basedOn: string, creatorId = OTHER_CREATOR): NeighbourCandidate => ({
  contentId,
  title: `Title ${contentId}`,
  kind: 'course',
  creatorId,
  score,
  basedOnContentId: basedOn,
  basedOnTitle: `Title ${basedOn}`,
  learners: Math.round(score * 10),
});
const popular = (contentId: string, creatorId = OTHER_CREATOR): PopularCandidate => ({
  contentId,
  title: `Title ${contentId}`,
  kind: 'article',
  creatorId,
});

describe('recommend', () => {
  it('given neighbours of two purchases, when ranking, then each item appears once with its best score and the purchase behind it', () => {
    const result = recommend({
      learnerId: LEARNER,
      ownedContentIds: ['a', 'x'],
      neighbours: [neighbour('b', 0.5, 'a'), neighbour('c', 0.7, 'a'), neighbour('b', 0.9, 'x')],
      popular: [],
      limit: 10,
    });

    expect(result.map((item) => [item.contentId, item.score])).toEqual([
      ['b', 0.9],
      ['c', 0.7],
    ]);
    expect(result[0]!.reason).toEqual({
      code: 'bought-together',
      text: 'Learners who bought «Title x» also bought this',
      basedOnContentId: 'x',
      basedOnTitle: 'Title x',
      learners: 9,
    });
  });

  it('given few neighbours, when ranking, then popular items fill the rest after them without repeating any', () => {
    const result = recommend({
      learnerId: LEARNER,
      ownedContentIds: ['a'],
      neighbours: [neighbour('b', 0.4, 'a')],
      popular: [popular('b'), popular('p1'), popular('p2'), popular('p3')],
      limit: 3,
    });

    expect(result.map((item) => item.contentId)).toEqual(['b', 'p1', 'p2']);
    expect(result[1]).toEqual({
      contentId: 'p1',
      title: 'Title p1',
      kind: 'article',
      score: 0,
      reason: { code: 'popular', text: 'Popular on Zhiku' },
    });
  });

  it('given candidates the learner owns or created, when ranking, then none of them is recommended', () => {
    const result = recommend({
      learnerId: LEARNER,
      ownedContentIds: ['a', 'owned-elsewhere'],
      neighbours: [neighbour('owned-elsewhere', 0.9, 'a'), neighbour('mine', 0.8, 'a', LEARNER), neighbour('b', 0.1, 'a')],
      popular: [popular('a'), popular('owned-elsewhere'), popular('mine-too', LEARNER), popular('p')],
      limit: 10,
    });

    expect(result.map((item) => item.contentId)).toEqual(['b', 'p']);
  });

  it('given more neighbours than the limit, when ranking, then only the best ones are kept and no popular fill', () => {
    const result = recommend({
      learnerId: LEARNER,
      ownedContentIds: ['a'],
      neighbours: [neighbour('b', 0.2, 'a'), neighbour('c', 0.6, 'a'), neighbour('d', 0.4, 'a')],
      popular: [popular('p')],
      limit: 2,
    });

    expect(result.map((item) => item.contentId)).toEqual(['c', 'd']);
  });

  it('given equal scores, when ranking, then the order is stable by content id', () => {
    const result = recommend({
      learnerId: LEARNER,
      ownedContentIds: ['a'],
      neighbours: [neighbour('z', 0.5, 'a'), neighbour('m', 0.5, 'a')],
      popular: [],
      limit: 10,
    });

    expect(result.map((item) => item.contentId)).toEqual(['m', 'z']);
  });

  it('given a new learner with nothing bought, when ranking, then the list is the popular items', () => {
    const result = recommend({ learnerId: LEARNER, ownedContentIds: [], neighbours: [], popular: [popular('p'), popular('q')], limit: 10 });

    expect(result.map((item) => [item.contentId, item.reason.code])).toEqual([
      ['p', 'popular'],
      ['q', 'popular'],
    ]);
  });

  it('given the same item twice, when ranking, then the better score wins whichever came first, and on a tie the lower basis id', () => {
    const ranked = (neighbours: NeighbourCandidate[]) =>
      recommend({ learnerId: LEARNER, ownedContentIds: ['x', 'y'], neighbours, popular: [], limit: 10 }).map((item) => [
        item.contentId,
        item.score,
        'basedOnContentId' in item.reason ? item.reason.basedOnContentId : null,
      ]);
    expect(ranked([neighbour('b', 0.9, 'x'), neighbour('b', 0.5, 'y')])).toEqual([['b', 0.9, 'x']]);
    expect(ranked([neighbour('b', 0.5, 'y'), neighbour('b', 0.9, 'x')])).toEqual([['b', 0.9, 'x']]);
    expect(ranked([neighbour('b', 0.5, 'x'), neighbour('b', 0.5, 'y')])).toEqual([['b', 0.5, 'x']]);
    expect(ranked([neighbour('b', 0.5, 'y'), neighbour('b', 0.5, 'x')])).toEqual([['b', 0.5, 'x']]);
  });

  it('given many equal scores in any order, when ranking, then they come in code-point order of their ids', () => {
    const ids = ['z', 'm', 'B', 'a', 'q'];
    const result = recommend({
      learnerId: LEARNER,
      ownedContentIds: ['x'],
      neighbours: ids.map((id) => neighbour(id, 0.5, 'x')),
      popular: [],
      limit: 10,
    });
    expect(result.map((item) => item.contentId)).toEqual(['B', 'a', 'm', 'q', 'z']);
  });
});
