import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AppAbility, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '#platform';
import { GetOwnedContentIds } from '#commerce';
import type { ContentKind } from '../domain/catalog-events.js';
import { SearchIndex, type SearchFacets } from '../search/search-index.js';
import { fuzzyText, highlight, MAX_QUERY_CHARS, queryWords } from '../search/search-text.js';
import { categorySubtree } from './category-subtree.js';
import type { PriceBand } from './list-contents.js';

export interface SearchFilter {
  /** Absent: every published content the caller may read, with facets (newest ids first). */
  q?: string;
  kind?: ContentKind;
  /** A category's slug: it and everything below it. */
  category?: string;
  price?: PriceBand;
  owned?: boolean;
  cursor?: string;
  limit?: number;
}

export interface SearchHit {
  id: string;
  kind: ContentKind;
  title: string;
  summary: string;
  tags: string[];
  creatorId: string;
  categoryId: string | null;
  priceCents: number;
  currency: string;
  publishedAt: string | null;
  /** The caller holds it (bought or granted); a membership's coverage is not ownership. */
  owned: boolean;
  /** HTML-escaped, the matched words in <mark>…</mark>; null where nothing matched in that field. */
  highlights: { title: string | null; summary: string | null; tags: string[]; lessonHeadings: string[] };
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
  total: number;
  /** More contents match than were ranked and counted: total and facets are lower bounds (narrow the query). */
  totalCapped: boolean;
  facets: SearchFacets;
}

export class SearchContents extends Query<SearchPage> {
  constructor(
    readonly filter: SearchFilter,
    readonly ability: AppAbility,
    readonly viewerId: string | null,
  ) {
    super();
  }
}

const SUMMARY_SNIPPET_CHARS = 120;

/**
 * Full-text search over published contents the caller may read, in relevance order, each hit
 * saying whether the caller owns it (one question to commerce per search, never one per hit).
 * A hit carries the listing and highlighted snippets: never a lesson body.
 */
@QueryHandler(SearchContents)
export class SearchContentsHandler implements IQueryHandler<SearchContents> {
  constructor(
    private readonly index: SearchIndex,
    private readonly queries: QueryBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ filter, ability, viewerId }: SearchContents): Promise<SearchPage> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(filter.cursor, ['integer', 'uuid']);
    const text = (filter.q ?? '').slice(0, MAX_QUERY_CHARS);
    const words = filter.q === undefined ? null : queryWords(text);
    const ownedIds = viewerId ? await this.queries.execute(new GetOwnedContentIds(viewerId)) : [];
    const results = await this.index.search({
      words,
      fuzzy: fuzzyText(text),
      kind: filter.kind ?? null,
      categoryIds: filter.category ? await categorySubtree(this.dataSource, filter.category) : null,
      price: filter.price ?? null,
      owned: filter.owned ?? null,
      ownedIds,
      ability,
      after: after && { score: after[0] as number, contentId: after[1] as string },
      limit,
    });

    const owned = new Set(ownedIds);
    const marks = [...(words ?? []), ...fuzzyText(text).split(' ').filter((word) => word.length > 1)];
    const page = results.matches.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((match) => ({
        id: match.contentId,
        kind: match.kind,
        title: match.title,
        summary: match.summary,
        tags: match.tags,
        creatorId: match.creatorId,
        categoryId: match.categoryId,
        priceCents: match.priceCents,
        currency: match.currency,
        publishedAt: match.publishedAt,
        owned: owned.has(match.contentId),
        highlights: {
          title: highlight(match.title, marks),
          summary: highlight(match.summary, marks, SUMMARY_SNIPPET_CHARS),
          tags: match.tags.flatMap((tag) => highlight(tag, marks) ?? []),
          lessonHeadings: match.headings.flatMap((heading) => highlight(heading, marks) ?? []),
        },
      })),
      nextCursor: results.matches.length > limit && last ? encodeCursor([last.score, last.contentId]) : null,
      total: results.total,
      totalCapped: results.totalCapped,
      facets: results.facets,
    };
  }

}
