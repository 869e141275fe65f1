import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, type EventSubscriber, EventSubscription, type RecordedEvent } from '#platform';
import type { ContentEvent } from '../domain/catalog-events.js';
import { OpenSearchSearchIndex, type OpenSearchDocument } from '../search/opensearch-search-index.js';
import { indexWords } from '../search/search-text.js';

interface DocumentRow {
  content_id: string;
  creator_id: string;
  status: string;
  kind: string;
  price_cents: number;
  currency: string;
  category_id: string | null;
  published_at: Date | null;
  title: string;
  summary: string;
  tags: string[];
  headings: string[];
}

/**
 * With SEARCH_BACKEND=opensearch, feeds the OpenSearch index from the same catalog events that
 * build the PostgreSQL one: each batch re-reads the touched documents and writes the published ones
 * (deleting the rest) in one bulk request. At least once: a replay writes the same documents again.
 * With the postgres backend it only moves its checkpoint; to switch later, reset it to replay.
 */
@Injectable()
@EventSubscription()
export class OpenSearchFeeder implements EventSubscriber {
  readonly subscriptionName = 'catalog-opensearch-feed';
  readonly delivery = 'at-least-once' as const;
  readonly eventTypes = ['catalog.content-drafted', 'catalog.content-submitted', 'catalog.content-approved', 'catalog.content-rejected', 'catalog.content-classified',
    // Taken off the catalogue (its document deleted) and put back (an unhidden item only if published: the batch re-reads its status).
    'catalog.content-unpublished', 'catalog.content-hidden', 'catalog.content-republished', 'catalog.content-unhidden'];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly index: OpenSearchSearchIndex,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    if (this.config.search.backend !== 'opensearch') return;
    const contentIds = [...new Set((events as readonly RecordedEvent<ContentEvent>[]).map((event) => event.data.contentId))];
    const rows: DocumentRow[] = await manager.query(
      `SELECT content_id, creator_id, status, kind, price_cents, currency, category_id, published_at, title, summary, tags, headings
         FROM catalog_search_documents WHERE content_id = ANY($1::uuid[])`,
      [contentIds],
    );
    const published = rows.filter((row) => row.status === 'published');
    const upserts: OpenSearchDocument[] = published.map((row) => ({
      contentId: row.content_id,
      creatorId: row.creator_id,
      status: 'published',
      kind: row.kind as OpenSearchDocument['kind'],
      title: row.title,
      summary: row.summary,
      tags: row.tags,
      headings: row.headings,
      priceCents: row.price_cents,
      currency: row.currency,
      categoryId: row.category_id,
      publishedAt: row.published_at?.toISOString() ?? null,
      titleWords: indexWords(row.title),
      tagWords: indexWords(row.tags.join(' ')),
      summaryWords: indexWords(row.summary),
      headingWords: indexWords(row.headings.join(' ')),
    }));
    await this.index.write(upserts, contentIds.filter((id) => !published.some((row) => row.content_id === id)));
  }
}
