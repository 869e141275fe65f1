import { describe, expect, it } from 'vitest';
import { type EngagedWithEvidence, type HybridCandidateRow, hybridCandidate, type ModelCandidate, type SimilarEvidence, type PopularCandidate, type RecommendationInput, recommend } from './ranking.js';

const LEARNER = 'learner';
const CREATOR = 'creator';

const coPurchase = (withId: string, learners = 2) => ({ kind: 'co-purchase', with: `Title ${withId}`, withContentId: withId, learners }) as const;
const similar = (toId: string) => ({ kind: 'similar', to: `Title ${toId}`, toContentId: toId, shared: ['python'] }) as SimilarEvidence;

const candidate = (contentId: string, score: number, creatorId = CREATOR, reasons: ModelCandidate['reasons'] = [coPurchase('a')]): ModelCandidate => ({
  contentId,
  title: `Title ${contentId}`,
  kind: 'course',
  creatorId,
  score,
  reasons,
});
const popular = (contentId: string, creatorId = CREATOR, learners = 5): PopularCandidate => ({
  contentId,
  title: `Title ${contentId}`,
  kind: 'article',
  creatorId,
  reason: { kind: 'popular', learners },
});

const given = (input: Partial<RecommendationInput>): RecommendationInput => ({
  learnerId: LEARNER,
  ownedContentIds: ['a'],
  candidates: [],
  popular: [],
  limit: 10,
  maxPerCreator: 10,
  ...input,
});
const ids = (input: RecommendationInput) => recommend(input).map((item) => item.contentId);

describe('recommend', () => {
  it('given model candidates, when ranking, then the best score comes first and each keeps its evidence', () => {
    const result = recommend(given({ candidates: [candidate('b', 0.5), candidate('c', 0.9, CREATOR, [coPurchase('a', 7), similar('a')])] }));
    expect(result).toEqual([
      { contentId: 'c', title: 'Title c', kind: 'course', score: 0.9, reasons: [coPurchase('a', 7), similar('a')] },
      { contentId: 'b', title: 'Title b', kind: 'course', score: 0.5, reasons: [coPurchase('a')] },
    ]);
  });

  it('given equal scores, when ranking, then ids break the tie in code-point order', () => {
    expect(ids(given({ candidates: [candidate('d', 0.5), candidate('c', 0.5)] }))).toEqual(['c', 'd']);
  });

  it('given a candidate without evidence, when ranking, then it is not offered', () => {
    expect(ids(given({ candidates: [candidate('b', 0.9, CREATOR, []), candidate('c', 0.1)] }))).toEqual(['c']);
  });

  it('given a candidate with a score of zero or below, when ranking, then it is not offered', () => {
    expect(ids(given({ candidates: [candidate('b', 0), candidate('c', -0.2)] }))).toEqual([]);
  });

  it('given an owned item among candidates and popular items, when ranking, then it is never offered', () => {
    expect(ids(given({ ownedContentIds: ['a', 'b'], candidates: [candidate('b', 0.9)], popular: [popular('b'), popular('a')] }))).toEqual([]);
  });

  it('given the learner\'s own items, when ranking, then they are never offered', () => {
    expect(ids(given({ candidates: [candidate('b', 0.9, LEARNER)], popular: [popular('c', LEARNER)] }))).toEqual([]);
  });

  it('given more items of one creator than the cap, when ranking, then only the best of them up to the cap are kept', () => {
    const result = ids(
      given({
        maxPerCreator: 2,
        candidates: [candidate('b', 0.9), candidate('c', 0.8), candidate('d', 0.7), candidate('e', 0.6, 'other')],
        popular: [popular('f'), popular('g', 'other')],
      }),
    );
    expect(result).toEqual(['b', 'c', 'e', 'g']);
  });

  it('given model picks and popular items, when ranking, then popular ones fill the rest with score 0, each item once', () => {
    const result = recommend(given({ candidates: [candidate('b', 0.9)], popular: [popular('b'), popular('p', CREATOR, 9)] }));
    expect(result.map((item) => [item.contentId, item.score])).toEqual([
      ['b', 0.9],
      ['p', 0],
    ]);
    expect(result[1]!.reasons).toEqual([{ kind: 'popular', learners: 9 }]);
  });

  it('given a popular item of the learner\'s category, when ranking, then its reason names the category', () => {
    const inCategory: PopularCandidate = { ...popular('p'), reason: { kind: 'popular-in', category: 'Data', categoryId: 'cat', learners: 3 } };
    expect(recommend(given({ popular: [inCategory] }))[0]!.reasons).toEqual([{ kind: 'popular-in', category: 'Data', categoryId: 'cat', learners: 3 }]);
  });

  it('given more than the limit, when ranking, then the list stops at the limit', () => {
    expect(ids(given({ limit: 2, candidates: [candidate('b', 0.9), candidate('c', 0.8)], popular: [popular('p')] }))).toEqual(['b', 'c']);
  });

  it('given a pick explained only by an item the learner viewed (not owned), when ranking, then it is served with that evidence', () => {
    const result = recommend(given({ ownedContentIds: [], candidates: [candidate('b', 0.25, CREATOR, [engagedWith('v')])] }));
    expect(result).toEqual([{ contentId: 'b', title: 'Title b', kind: 'course', score: 0.25, reasons: [engagedWith('v')] }]);
  });

  it('given an item the learner viewed but does not own, when the model brings it, then it may be recommended; an owned one never', () => {
    // 'v' was viewed (its own neighbourhood holds it no more than any item's does), 'a' is owned.
    const candidates = [candidate('v', 0.6, CREATOR, [coPurchase('a')]), candidate('a', 0.9, CREATOR, [engagedWith('v')])];
    expect(ids(given({ ownedContentIds: ['a'], candidates }))).toEqual(['v']);
  });
});

const engagedWith = (withId: string, acts: EngagedWithEvidence['acts'] = ['view']): EngagedWithEvidence => ({
  kind: 'engaged-with',
  with: `Title ${withId}`,
  withContentId: withId,
  acts,
});

describe('hybridCandidate', () => {
  const row = (evidence: Partial<Pick<HybridCandidateRow, 'coPurchase' | 'similar' | 'engagedWith'>>): HybridCandidateRow => ({
    contentId: 'b',
    title: 'Title b',
    kind: 'course',
    creatorId: CREATOR,
    score: 1.25,
    coPurchase: null,
    similar: null,
    engagedWith: null,
    ...evidence,
  });

  it('given a row with every piece of evidence, when making the candidate, then the reasons are co-purchase, similar, engaged-with in that order', () => {
    const candidate = hybridCandidate(row({ engagedWith: engagedWith('v', ['completion', 'course-completion']), similar: similar('a'), coPurchase: coPurchase('a', 4) }));
    expect(candidate).toEqual({
      contentId: 'b',
      title: 'Title b',
      kind: 'course',
      creatorId: CREATOR,
      score: 1.25,
      reasons: [coPurchase('a', 4), similar('a'), engagedWith('v', ['completion', 'course-completion'])],
    });
  });

  it('given a row with only what the learner did, when making the candidate, then that is its one reason', () => {
    expect(hybridCandidate(row({ engagedWith: engagedWith('v') })).reasons).toEqual([engagedWith('v')]);
  });

  it('given a row with no evidence, when making the candidate, then it has no reason (and the ranking will not serve it)', () => {
    const candidate = hybridCandidate(row({}));
    expect(candidate.reasons).toEqual([]);
    expect(recommend(given({ candidates: [candidate] }))).toEqual([]);
  });
});
