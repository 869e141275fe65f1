import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { APP_CONFIG, type AppConfig, type AppAbility, asSubject } from '#platform';
import type { ContentKind } from '../domain/catalog-events.js';
import { type IndexedContent, type SearchCriteria, SearchIndex, type SearchResults } from './search-index.js';

/** What the feeder stores per published content (the PostgreSQL document's fields, already segmented). */
export interface OpenSearchDocument extends IndexedContent {
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

/**
 * Search on an OpenSearch index that holds only published contents (the OpenSearchFeeder keeps it
 * so). Ranking: title^4 > tags^3 > summary^2 > lesson headings, all words required, fuzzy for typos.
 * Each hit is checked against the caller's rules again before it is returned.
 */
@Injectable()
export class OpenSearchSearchIndex extends SearchIndex {
  private readonly index: string;
  private connection: Client | undefined;

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
    const owned = criteria.owned === null ? [] : [{ terms: { contentId: [...criteria.ownedIds] } }];
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
      query: { bool: { must, [criteria.owned === false ? 'must_not' : 'filter']: owned } },
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
      body: { size: limit * 2, query: { match_bool_prefix: { titleWords: words.join(' ') } } } as never,
    });
    const hits = (response.body as unknown as { hits: { hits: Hit[] } }).hits.hits.filter((hit) => this.readable(ability, hit._source));
    return [...new Set(hits.map((hit) => hit._source.title))].slice(0, limit);
  }

  /** Bulk-indexes published documents and deletes the others, in one request. */
  async write(upserts: readonly OpenSearchDocument[], deletions: readonly string[]): Promise<void> {
    if (upserts.length + deletions.length === 0) return;
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
