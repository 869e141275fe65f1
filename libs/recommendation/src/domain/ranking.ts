import type { SignalKind } from './signals.js';

/** How many nearest neighbours a batch keeps per item (co-purchase, model and content neighbourhoods). */
export const NEIGHBOURS_PER_ITEM = 20;

/**
 * Of the items a learner gave a signal for without owning them (viewed, completed, rated), how many
 * the hybrid's list sums the neighbourhoods of: the heaviest, then the latest. Each costs the read up
 * to NEIGHBOURS_PER_ITEM more rows, and a learner may have opened hundreds of free previews; what
 * they own is always summed in full.
 */
export const SIGNALLED_ITEMS_SUMMED = 10;

export const RECOMMENDATION_LIMIT = { min: 1, max: 50, default: 10 } as const;

/** Learners who bought both this item and one the learner owns, counted when the list is read. */
export interface CoPurchaseEvidence {
  readonly kind: 'co-purchase';
  readonly with: string;
  readonly withContentId: string;
  readonly learners: number;
}

/** The content model found this item close to one the learner owns; `shared` are the terms both carry. */
export interface SimilarEvidence {
  readonly kind: 'similar';
  readonly to: string;
  readonly toContentId: string;
  readonly shared: string[];
}

/**
 * The hybrid model ranks this item among the closest to one the learner did something with but does
 * not own (`acts`: the signal kinds they have for it, e.g. viewed a lesson, completed one, completed
 * the whole course): of those items, the one whose weighted neighbourhood gives the pick the most.
 */
export interface EngagedWithEvidence {
  readonly kind: 'engaged-with';
  readonly with: string;
  readonly withContentId: string;
  readonly acts: SignalKind[];
}

/**
 * User-based kNN: `learners` of the `outOf` learners whose purchases are most like the learner's
 * (cosine over the same purchases the models train on) bought this item; counted as the list is read.
 */
export interface SimilarLearnersEvidence {
  readonly kind: 'similar-learners';
  readonly learners: number;
  readonly outOf: number;
}

/** One of the most bought items of a category the learner's items are filed under; `learners` bought it. */
export interface PopularInEvidence {
  readonly kind: 'popular-in';
  readonly category: string;
  readonly categoryId: string;
  readonly learners: number;
}

/** One of the most bought items on the platform. */
export interface PopularEvidence {
  readonly kind: 'popular';
  readonly learners: number;
}

/**
 * Nobody has bought it yet: offered as one of the newest published items (in a category of the
 * learner's when it has `category`), never as "popular" with no buyers.
 */
export interface NewEvidence {
  readonly kind: 'new';
  readonly publishedAt: string;
  readonly category?: string;
  readonly categoryId?: string;
}

export type RecommendationReason = CoPurchaseEvidence | SimilarEvidence | EngagedWithEvidence | SimilarLearnersEvidence | PopularInEvidence | PopularEvidence | NewEvidence;

/** The models `GET /me/recommendations` can serve: the trained hybrid's neighbourhoods, or user-based kNN at read time. */
export const SERVED_MODELS = ['hybrid', 'user-knn'] as const;
export type ServedModel = (typeof SERVED_MODELS)[number];

/** Neighbour learners user-based kNN predicts from (the k `reco:eval` measured). */
export const USER_KNN_NEIGHBOURS = 50;

/** An item the serving model scores for the learner, with whatever evidence links it to what they own. */
export interface ModelCandidate {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
  /**
   * The model's score: for the hybrid Σ over the learner's items of (their interaction weight × the
   * item's score in that item's neighbourhood); for user-kNN Σ sim·x / Σ sim.
   */
  readonly score: number;
  readonly reasons: readonly (CoPurchaseEvidence | SimilarEvidence | EngagedWithEvidence | SimilarLearnersEvidence)[];
}

/** A row of the hybrid's candidates statement: the pick and each piece of evidence it found (null when none). */
export interface HybridCandidateRow extends Omit<ModelCandidate, 'reasons'> {
  readonly coPurchase: CoPurchaseEvidence | null;
  readonly similar: SimilarEvidence | null;
  readonly engagedWith: EngagedWithEvidence | null;
}

/** The hybrid's candidate with the evidence its row found, in a fixed order: bought together, similar content, then what the learner did. */
export function hybridCandidate({ coPurchase, similar, engagedWith, ...pick }: HybridCandidateRow): ModelCandidate {
  return { ...pick, reasons: [coPurchase, similar, engagedWith].filter((reason) => reason !== null) };
}

/** A published item in popularity order (most buyers first, then newest), with why it is popular. */
export interface PopularCandidate {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
  readonly reason: PopularInEvidence | PopularEvidence | NewEvidence;
}

export interface Recommendation {
  readonly contentId: string;
  readonly title: string;
  readonly kind: string;
  /** The model's score; 0 for the popular fill, which ranks below every model pick. */
  readonly score: number;
  readonly reasons: RecommendationReason[];
}

export interface RecommendationInput {
  readonly learnerId: string;
  /** Everything the learner owns, whichever domain knows it first. */
  readonly ownedContentIds: readonly string[];
  readonly candidates: readonly ModelCandidate[];
  /** Popular within the learner's categories first, then popular anywhere; each list in popularity order. */
  readonly popular: readonly PopularCandidate[];
  readonly limit: number;
  /** Diversity: no creator gets more places than this. */
  readonly maxPerCreator: number;
}

/**
 * The model's picks first (best score first), then the popular fill, never something the
 * learner owns or created, never a pick without evidence a learner can check (a model score
 * alone explains nothing), each item once, and at most `maxPerCreator` items of one creator.
 */
export function recommend(input: RecommendationInput): Recommendation[] {
  const owned = new Set(input.ownedContentIds);
  const chosen = new Set<string>();
  const perCreator = new Map<string, number>();
  const picked: Recommendation[] = [];
  const take = (item: { contentId: string; creatorId: string }, recommendation: Recommendation) => {
    if (picked.length >= input.limit || owned.has(item.contentId) || item.creatorId === input.learnerId || chosen.has(item.contentId)) return;
    const places = perCreator.get(item.creatorId) ?? 0;
    if (places >= input.maxPerCreator) return;
    perCreator.set(item.creatorId, places + 1);
    chosen.add(item.contentId);
    picked.push(recommendation);
  };

  const explained = input.candidates.filter((candidate) => candidate.reasons.length > 0 && candidate.score > 0);
  for (const candidate of [...explained].sort(byScore)) {
    const { contentId, title, kind, score, reasons } = candidate;
    take(candidate, { contentId, title, kind, score, reasons: [...reasons] });
  }
  for (const candidate of input.popular) {
    const { contentId, title, kind, reason } = candidate;
    take(candidate, { contentId, title, kind, score: 0, reasons: [reason] });
  }
  return picked;
}

/** Higher score first; ties broken by id so the same data always gives the same list. */
function byScore(a: ModelCandidate, b: ModelCandidate): number {
  return b.score - a.score || byCodePoint(a.contentId, b.contentId);
}

// Code-point order, as PostgreSQL orders uuids: the SQL and this ranking agree on ties.
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
