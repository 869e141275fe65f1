import type { AppAbility } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import type { PriceBand } from '../queries/list-contents.js';

/** What a search asks an index for; words and fuzzy text come from search-text.ts, already safe. */
export interface SearchCriteria {
  /** The query's words (jieba-cut Chinese, other letters and digits): all must occur. Null: no text asked, every content matches (a faceted browse). */
  words: readonly string[] | null;
  /** The query lower-cased to letters, digits and spaces, for typos and partial words (used from 3 characters). */
  fuzzy: string;
  kind: ContentKind | null;
  /** A category and everything below it; null: any. */
  categoryIds: readonly string[] | null;
  price: PriceBand | null;
  /** true: only what the caller owns; false: only what they do not; null: both. */
  owned: boolean | null;
  ownedIds: readonly string[];
  /** The caller's rules: nothing they may not read is ever a match. */
  ability: AppAbility;
  /** Matches after this one in rank order (score descending, then id descending). */
  after: { score: number; contentId: string } | null;
  /** Up to limit + 1 matches are returned, so the caller knows whether more follow. */
  limit: number;
}

/** A published content as the index holds it: never a lesson body. */
export interface IndexedContent {
  contentId: string;
  creatorId: string;
  kind: ContentKind;
  title: string;
  summary: string;
  tags: string[];
  headings: string[];
  priceCents: number;
  currency: string;
  categoryId: string | null;
  publishedAt: string | null;
}

export interface SearchMatch extends IndexedContent {
  /** Relevance as a whole number (higher first), so pages follow each other with an exact cursor. */
  score: number;
}

/** Counts per value of each facet, each counted with the other facets' filters applied but not its own. */
export interface SearchFacets {
  kind: Record<string, number>;
  category: Record<string, number>;
  price: Record<string, number>;
}

export interface SearchResults {
  matches: SearchMatch[];
  facets: SearchFacets;
  /** Matches with every filter applied. */
  total: number;
  /** More contents match than the index ranked and counted (SEARCH_MAX_CANDIDATES): total and facets are lower bounds. */
  totalCapped: boolean;
}

/**
 * Where contents are searched: PostgreSQL full-text search by default, OpenSearch when one
 * database is not enough (SEARCH_BACKEND). Both are fed from the same catalog events.
 */
export abstract class SearchIndex {
  abstract search(criteria: SearchCriteria): Promise<SearchResults>;
  /** Titles that complete what the user is typing: `words` must occur, the last one as a prefix. */
  abstract suggest(words: readonly string[], ability: AppAbility, limit: number): Promise<string[]>;
}
