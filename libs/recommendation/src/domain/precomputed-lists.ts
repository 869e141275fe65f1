import type { Recommendation, RecommendationReason } from './ranking.js';

/**
 * How many picks a learner's precomputed list keeps: twice the default page, so a few items
 * dropped at read time (unlisted since) still leave a full page. A read asking for more than the
 * list holds is computed live.
 */
export const PRECOMPUTED_LIST_LENGTH = 20;

/** What the read knows of an item the stored list names, as it is now. */
export interface ListedItem {
  readonly title: string;
  readonly kind: string;
  readonly creatorId: string;
  readonly categoryId: string | null;
  readonly category: string | null;
  readonly publishedAt: string;
  readonly learners: number;
}

/** A learner's stored list as `PRECOMPUTED_LIST_SQL.read` returns it. */
export interface StoredList {
  /** What the learner owned when it was computed (purchases and grants). */
  readonly basis: readonly string[];
  readonly items: readonly Recommendation[];
  /** The computation found fewer than PRECOMPUTED_LIST_LENGTH picks: nothing was cut off. */
  readonly complete: boolean;
  readonly listed: Readonly<Record<string, ListedItem>>;
}

/**
 * The stored hybrid list as it may be served now, or null when it must be computed live:
 * - the learner owns something else than when it was computed (a purchase or a grant since: the
 *   model sums the neighbourhoods of what is owned, so the whole list changes);
 * - more is asked than the list holds;
 * - after what must be fresh is dropped, too few remain (the live computation fills from the
 *   popular list).
 * Dropped: items no longer listed or now the learner's own, reasons naming an item (owned, or
 * engaged with) no longer listed (and a model pick left with none: never served without evidence), popular picks whose
 * category changed. Titles are the current ones; a popular pick's learners are counted now, and one
 * nobody bought stays "new" (the rule of `withLearners`).
 */
export function servePrecomputed(stored: StoredList, learnerId: string, owned: readonly string[], limit: number): Recommendation[] | null {
  const basis = new Set(stored.basis);
  if (basis.size !== new Set(owned).size || owned.some((id) => !basis.has(id))) return null;
  if (limit > stored.items.length && !stored.complete) return null;
  const served: Recommendation[] = [];
  let dropped = false;
  for (const pick of stored.items) {
    const item = stored.listed[pick.contentId];
    const reasons = item && item.creatorId !== learnerId ? pick.reasons.map((reason) => freshReason(reason, item, stored.listed)).filter((reason) => reason !== null) : [];
    if (!item || reasons.length === 0) {
      dropped = true;
      continue;
    }
    served.push({ contentId: pick.contentId, title: item.title, kind: item.kind, score: pick.score, reasons });
  }
  if (served.length < limit && (dropped || !stored.complete)) return null;
  return served.slice(0, limit);
}

/** A reason as it reads now, or null when what it names is gone or changed. */
function freshReason(reason: RecommendationReason, item: ListedItem, listed: Readonly<Record<string, ListedItem>>): RecommendationReason | null {
  switch (reason.kind) {
    case 'co-purchase': {
      const basis = listed[reason.withContentId];
      return basis ? { ...reason, with: basis.title } : null;
    }
    case 'similar': {
      const basis = listed[reason.toContentId];
      return basis ? { ...reason, to: basis.title } : null;
    }
    case 'engaged-with': {
      const basis = listed[reason.withContentId];
      return basis ? { ...reason, with: basis.title } : null;
    }
    case 'similar-learners':
      return reason;
    case 'popular':
    case 'popular-in':
    case 'new': {
      const categoryId = reason.kind === 'popular' ? undefined : reason.categoryId;
      if (categoryId !== undefined && (categoryId !== item.categoryId || !item.category)) return null;
      const inCategory = categoryId !== undefined ? { category: item.category!, categoryId } : null;
      if (item.learners > 0) return inCategory ? { kind: 'popular-in', ...inCategory, learners: item.learners } : { kind: 'popular', learners: item.learners };
      const publishedAt = new Date(item.publishedAt).toISOString();
      return inCategory ? { kind: 'new', publishedAt, ...inCategory } : { kind: 'new', publishedAt };
    }
  }
}

/** Every item a list names: its picks and the items its reasons refer to (owned, or engaged with). */
export function namedItems(items: readonly Recommendation[]): string[] {
  const ids = new Set<string>();
  for (const pick of items) {
    ids.add(pick.contentId);
    for (const reason of pick.reasons) {
      if (reason.kind === 'co-purchase' || reason.kind === 'engaged-with') ids.add(reason.withContentId);
      if (reason.kind === 'similar') ids.add(reason.toContentId);
    }
  }
  return [...ids];
}

