import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { abilityToOpenSearch, APP_CONFIG, type AppConfig, type AppAbility, asSubject, type OpenSearchClause } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import { type IndexedContent, type SearchCriteria, SearchIndex, type SearchResults } from './search-index.js';

/** What the feeder stores per published content (the PostgreSQL document's fields, already segmented). */
export interface OpenSearchDocument extends IndexedContent {
  /** Always 'published' (the feeder deletes the others); queries filter on it all the same, as the SQL does. */
  status: 'published';
  /** Title, tags, summary and headings as space-separated segmented words, for the `whitespace` analyzer. */
  titleWords: string;
  tagWords: string;
  summaryWords: string;
  headingWords: string;
}

interface Hit {
  _id: string;
  _score: number;
  _source: OpenSearchDocument;
  sort: [number, string];
}
interface Bucket {
  key: string | number;
  doc_count: number;
}

/** Scores are floats in OpenSearch; cursors carry them as whole millionths. */
const SCORE_SCALE = 1_000_000;

/** Rule fields of `Content` and the index fields that hold them (as RULE_COLUMNS for PostgreSQL). */
const RULE_FIELDS = { status: 'status', creatorId: 'creatorId' } as const;

const searchedWords = { type: 'text', analyzer: 'whitespace' } as const;

/**
 * The index's settings and mapping. `dynamic: strict`: the cluster refuses a document with any field
 * not named here, so nothing else (a lesson body) can reach the index by mistake. The rule fields
 * and filters are keywords, matched exactly; the listing is kept for display only, not searched;
 * words come segmented (jieba) and lower-cased by the feeder, so whitespace splits them.
 */
export const OPENSEARCH_INDEX_BODY = {
  mappings: {
    dynamic: 'strict',
    properties: {
      contentId: { type: 'keyword' },
      creatorId: { type: 'keyword' },
      status: { type: 'keyword' },
      kind: { type: 'keyword' },
      categoryId: { type: 'keyword' },
      priceCents: { type: 'integer' },
      currency: { type: 'keyword', index: false },
      publishedAt: { type: 'date' },
      title: { type: 'keyword', index: false },
      summary: { type: 'text', index: false },
      tags: { type: 'keyword', index: false },
      headings: { type: 'text', index: false },
      titleWords: searchedWords,
      tagWords: searchedWords,
      summaryWords: searchedWords,
      headingWords: searchedWords,
    },
  },
} as const;

/**
 * Search on an OpenSearch index that holds only published contents (the OpenSearchFeeder keeps it
 * so). Ranking: title^4 > tags^3 > summary^2 > lesson headings, all words required, fuzzy for typos.
 * Every query filters on the same visibility as the PostgreSQL index (published, the caller's CASL
 * read rules on Content), and each hit is checked against those rules again before it is returned.
 */
@Injectable()
export class OpenSearchSearchIndex extends SearchIndex {
  private readonly index: string;
  private connection: Client | undefined;
  private indexReady: Promise<void> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    this.index = config.search.opensearchIndex;
  }

  /** Made on first use: with the postgres backend there is no cluster to point at. */
  private get client(): Client {
    return (this.connection ??= new Client({ node: this.config.search.opensearchUrl! }));
  }

  async search(criteria: SearchCriteria): Promise<SearchResults> {
    const text = criteria.words?.join(' ') ?? '';
    const must =
      criteria.words === null
        ? [{ match_all: {} }]
        : [{ multi_match: { query: text || criteria.fuzzy, fields: ['titleWords^4', 'tagWords^3', 'summaryWords^2', 'headingWords'], operator: 'and', fuzziness: 'AUTO' } }];
    const owned = { terms: { contentId: [...criteria.ownedIds] } };
    const facetFilters = {
      kind: criteria.kind === null ? null : { term: { kind: criteria.kind } },
      category: criteria.categoryIds === null ? null : { terms: { categoryId: [...criteria.categoryIds] } },
      price: criteria.price === null ? null : { range: { priceCents: criteria.price === 'paid' ? { gt: 0 } : { lte: 0 } } },
    };
    const except = (facet: keyof typeof facetFilters) =>
      Object.entries(facetFilters).flatMap(([name, filter]) => (name !== facet && filter ? [filter] : []));
    const body = {
      size: criteria.limit + 1,
      track_total_hits: true,
      query: {
        bool: {
          must,
          filter: [...this.visibleTo(criteria.ability), ...(criteria.owned === true ? [owned] : [])],
          must_not: criteria.owned === false ? [owned] : [],
        },
      },
      post_filter: { bool: { filter: Object.values(facetFilters).filter((filter) => filter !== null) } },
      sort: [{ _score: 'desc' }, { contentId: 'desc' }],
      ...(criteria.after ? { search_after: [criteria.after.score / SCORE_SCALE, criteria.after.contentId] } : {}),
      aggs: {
        kind: { filter: { bool: { filter: except('kind') } }, aggs: { values: { terms: { field: 'kind' } } } },
        category: { filter: { bool: { filter: except('category') } }, aggs: { values: { terms: { field: 'categoryId', size: 100 } } } },
        price: { filter: { bool: { filter: except('price') } }, aggs: { values: { range: { field: 'priceCents', ranges: [{ key: 'free', to: 1 }, { key: 'paid', from: 1 }] } } } },
      },
    };
    const response = await this.client.search({ index: this.index, body: body as never });
    const result = response.body as unknown as {
      hits: { total: { value: number }; hits: Hit[] };
      aggregations: Record<'kind' | 'category' | 'price', { values: { buckets: Bucket[] } }>;
    };
    const counts = (facet: 'kind' | 'category' | 'price') =>
      Object.fromEntries(result.aggregations[facet].values.buckets.filter((bucket) => bucket.doc_count > 0).map((bucket) => [String(bucket.key), bucket.doc_count]));
    return {
      matches: result.hits.hits
        .filter((hit) => this.readable(criteria.ability, hit._source))
        .map((hit) => ({ ...this.content(hit._source), score: Math.round(hit._score * SCORE_SCALE) })),
      facets: { kind: counts('kind'), category: counts('category'), price: counts('price') },
      total: result.hits.total.value,
      // track_total_hits: the cluster counts every match.
      totalCapped: false,
    };
  }

  async suggest(words: readonly string[], ability: AppAbility, limit: number): Promise<string[]> {
    if (words.length === 0) return [];
    const response = await this.client.search({
      index: this.index,
      body: { size: limit * 2, query: { bool: { must: [{ match_bool_prefix: { titleWords: words.join(' ') } }], filter: this.visibleTo(ability) } } } as never,
    });
    const hits = (response.body as unknown as { hits: { hits: Hit[] } }).hits.hits.filter((hit) => this.readable(ability, hit._source));
    return [...new Set(hits.map((hit) => hit._source.title))].slice(0, limit);
  }

  /** Bulk-indexes published documents and deletes the others, in one request (the first one creates the index). */
  async write(upserts: readonly OpenSearchDocument[], deletions: readonly string[]): Promise<void> {
    if (upserts.length + deletions.length === 0) return;
    await this.indexCreated();
    const body = [
      ...upserts.flatMap((doc) => [{ index: { _index: this.index, _id: doc.contentId } }, doc]),
      ...deletions.map((contentId) => ({ delete: { _index: this.index, _id: contentId } })),
    ];
    const response = await this.client.bulk({ body: body as never });
    const result = response.body as unknown as { errors: boolean; items: Record<string, { status: number; error?: unknown }>[] };
    // A delete of a document never indexed answers 404: that is the state wanted.
    const failed = result.items.map((item) => Object.values(item)[0]!).filter((item) => item.status >= 300 && item.status !== 404);
    if (failed.length > 0) throw new Error(`OpenSearch bulk write failed for ${failed.length} documents: ${JSON.stringify(failed[0]!.error)}`);
  }

  /**
   * Creates the index with its mapping unless it exists, once per process: a document written before
   * would be mapped by guesswork (ids as analysed text, no term filter or sort on them).
   */
  private indexCreated(): Promise<void> {
    this.indexReady ??= (async () => {
      const exists = await this.client.indices.exists({ index: this.index });
      if (!exists.body) await this.client.indices.create({ index: this.index, body: OPENSEARCH_INDEX_BODY as never });
    })().catch((error: unknown) => {
      this.indexReady = undefined;
      throw error;
    });
    return this.indexReady;
  }

  /**
   * What the caller may see, as the PostgreSQL index filters it: published, and within their read
   * rules on Content. Part of the query, so totals, facets and pages count only what they may see.
   */
  private visibleTo(ability: AppAbility): OpenSearchClause[] {
    return [{ term: { status: 'published' } }, abilityToOpenSearch(ability, 'read', 'Content', RULE_FIELDS)];
  }

  /** The caller's rules checked again on each hit, as on any single record. */
  private readable(ability: AppAbility, doc: OpenSearchDocument): boolean {
    return ability.can('read', asSubject('Content', { status: 'published', creatorId: doc.creatorId }));
  }

  private content(doc: OpenSearchDocument): IndexedContent {
    return {
      contentId: doc.contentId,
      creatorId: doc.creatorId,
      kind: doc.kind as ContentKind,
      title: doc.title,
      summary: doc.summary,
      tags: doc.tags,
      headings: doc.headings,
      priceCents: doc.priceCents,
      currency: doc.currency,
      categoryId: doc.categoryId,
      publishedAt: doc.publishedAt,
    };
  }
}
