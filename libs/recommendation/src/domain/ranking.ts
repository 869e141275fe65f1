/** How many nearest neighbours the similarity batch keeps per item. */
export const NEIGHBOURS_PER_ITEM = 20;

export const RECOMMENDATION_LIMIT = { min: 1, max: 50, default: 10 } as const;

/** A published item reachable from one of the learner's purchases through co-purchases. */
export interface NeighbourCandidate {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
  /** Cosine similarity to the purchase it came from, in (0, 1]. */
  readonly score: number;
  readonly basedOnContentId: string;
  readonly basedOnTitle: string;
  /** Learners who bought both this item and the purchase it came from: the reason's evidence. */
  readonly learners: number;
}

/** A published item in popularity order (most buyers first, then newest). */
export interface PopularCandidate {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
}

export type RecommendationReason =
  | {
      readonly code: 'bought-together';
      readonly text: string;
      readonly basedOnContentId: string;
      readonly basedOnTitle: string;
      readonly learners: number;
    }
  | { readonly code: 'popular'; readonly text: string };

export interface Recommendation {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  /** Similarity for bought-together; 0 for the popular fill, which ranks below every neighbour. */
  readonly score: number;
  readonly reason: RecommendationReason;
}

export interface RecommendationInput {
  readonly learnerId: string;
  /** Everything the learner owns, whichever domain knows it first. */
  readonly ownedContentIds: readonly string[];
  readonly neighbours: readonly NeighbourCandidate[];
  /** In popularity order. */
  readonly popular: readonly PopularCandidate[];
  readonly limit: number;
}

/**
 * Neighbours of the learner's purchases first (each item once, with the purchase it is most
 * similar to), then the most popular items, never something the learner owns or created.
 */
export function recommend(input: RecommendationInput): Recommendation[] {
  const owned = new Set(input.ownedContentIds);
  const allowed = (item: { contentId: string; creatorId: string }) =>
    !owned.has(item.contentId) && item.creatorId !== input.learnerId;

  const best = new Map<string, NeighbourCandidate>();
  for (const candidate of input.neighbours.filter(allowed)) {
    const current = best.get(candidate.contentId);
    if (!current || compareNeighbours(candidate, current) < 0) best.set(candidate.contentId, candidate);
  }
  const picked: Recommendation[] = [...best.values()]
    .sort(compareNeighbours)
    .slice(0, input.limit)
    .map((candidate) => ({
      contentId: candidate.contentId,
      title: candidate.title,
      kind: candidate.kind,
      score: candidate.score,
      reason: {
        code: 'bought-together',
        text: `Learners who bought «${candidate.basedOnTitle}» also bought this`,
        basedOnContentId: candidate.basedOnContentId,
        basedOnTitle: candidate.basedOnTitle,
        learners: candidate.learners,
      },
    }));

  const chosen = new Set(picked.map((item) => item.contentId));
  for (const candidate of input.popular) {
    if (picked.length >= input.limit) break;
    if (!allowed(candidate) || chosen.has(candidate.contentId)) continue;
    chosen.add(candidate.contentId);
    picked.push({
      contentId: candidate.contentId,
      title: candidate.title,
      kind: candidate.kind,
      score: 0,
      reason: { code: 'popular', text: 'Popular on Zhiku' },
    });
  }
  return picked;
}

/** Higher score first; ties broken by ids so the same data always gives the same list. */
function compareNeighbours(a: NeighbourCandidate, b: NeighbourCandidate): number {
  return (
    b.score - a.score || byCodePoint(a.contentId, b.contentId) || byCodePoint(a.basedOnContentId, b.basedOnContentId)
  );
}

// Code-point order, as PostgreSQL orders uuids: the SQL pre-cut and this ranking agree on ties.
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
