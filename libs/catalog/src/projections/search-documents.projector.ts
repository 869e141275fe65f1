import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ContentEvent, ContentStatus } from '../domain/catalog-events.js';
import { fuzzyText, indexWords } from '../search/search-text.js';

/** What a content is found by, and what a hit shows. Lesson bodies are never part of it. */
interface SearchDocument {
  contentId: string;
  creatorId: string;
  status: ContentStatus;
  kind: string;
  priceCents: number;
  currency: string;
  categoryId: string | null;
  publishedAt: string | null;
  title: string;
  summary: string;
  tags: string[];
  headings: string[];
}

interface DocumentRow {
  creator_id: string;
  status: ContentStatus;
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
 * catalog_search_documents, the PostgreSQL search index, in the append's transaction: a content is
 * findable the moment it is published and gone the moment it is not. Words are segmented here (jieba)
 * and stored weighted title A > tags B > summary C > lesson headings D.
 */
@Injectable()
@InlineProjection()
export class SearchDocumentsProjector implements InlineProjector {
  readonly eventTypes = [
    'catalog.content-drafted',
    'catalog.content-submitted',
    'catalog.content-approved',
    'catalog.content-rejected',
    'catalog.content-classified',
    'catalog.content-unpublished',
    'catalog.content-republished',
    'catalog.content-hidden',
    'catalog.content-unhidden',
  ] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ContentEvent>[]) {
      if (event.type === 'catalog.content-drafted') {
        const { contentId, creatorId, kind, title, summary, priceCents, currency, tags, lessons } = event.data;
        await this.write(manager, {
          contentId,
          creatorId,
          status: 'draft',
          kind,
          priceCents,
          currency,
          categoryId: null,
          publishedAt: null,
          title,
          summary,
          tags,
          headings: lessons.map((lesson) => lesson.title),
        });
        continue;
      }
      const current = await this.read(manager, event.data.contentId);
      if (!current) continue;
      switch (event.type) {
        case 'catalog.content-submitted':
          await this.write(manager, { ...current, status: 'in_review' });
          break;
        case 'catalog.content-rejected':
          await this.write(manager, { ...current, status: 'rejected' });
          break;
        case 'catalog.content-approved': {
          const { kind, title, summary, priceCents, currency, tags, publishedAt } = event.data;
          await this.write(manager, { ...current, status: 'published', kind, title, summary, priceCents, currency, tags, publishedAt });
          break;
        }
        case 'catalog.content-classified':
          await this.write(manager, { ...current, categoryId: event.data.categoryId, tags: event.data.tags });
          break;
        // Off the catalogue, out of search (queries and their indexes only take published documents).
        case 'catalog.content-unpublished':
          await this.write(manager, { ...current, status: 'unpublished' });
          break;
        case 'catalog.content-hidden':
          await this.write(manager, { ...current, status: 'hidden' });
          break;
        case 'catalog.content-republished':
          await this.write(manager, { ...current, status: 'published' });
          break;
        // Back where it stood before the hiding: findable again if published, still not if its creator had unpublished it.
        case 'catalog.content-unhidden':
          await this.write(manager, { ...current, status: event.data.status });
          break;
      }
    }
  }

  private async read(manager: EntityManager, contentId: string): Promise<SearchDocument | null> {
    const [row]: DocumentRow[] = await manager.query(
      `SELECT creator_id, status, kind, price_cents, currency, category_id, published_at, title, summary, tags, headings
         FROM catalog_search_documents WHERE content_id = $1`,
      [contentId],
    );
    if (!row) return null;
    return {
      contentId,
      creatorId: row.creator_id,
      status: row.status,
      kind: row.kind,
      priceCents: row.price_cents,
      currency: row.currency,
      categoryId: row.category_id,
      publishedAt: row.published_at?.toISOString() ?? null,
      title: row.title,
      summary: row.summary,
      tags: row.tags,
      headings: row.headings,
    };
  }

  private async write(manager: EntityManager, doc: SearchDocument): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_search_documents
         (content_id, creator_id, status, kind, price_cents, currency, category_id, published_at, title, summary, tags, headings, document, fuzzy_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
               setweight(to_tsvector('simple', $13), 'A') || setweight(to_tsvector('simple', $14), 'B')
                 || setweight(to_tsvector('simple', $15), 'C') || setweight(to_tsvector('simple', $16), 'D'),
               $17)
       ON CONFLICT (content_id) DO UPDATE SET
         status = EXCLUDED.status, kind = EXCLUDED.kind, price_cents = EXCLUDED.price_cents, currency = EXCLUDED.currency,
         category_id = EXCLUDED.category_id, published_at = EXCLUDED.published_at, title = EXCLUDED.title,
         summary = EXCLUDED.summary, tags = EXCLUDED.tags, headings = EXCLUDED.headings,
         document = EXCLUDED.document, fuzzy_text = EXCLUDED.fuzzy_text`,
      [
        doc.contentId,
        doc.creatorId,
        doc.status,
        doc.kind,
        doc.priceCents,
        doc.currency,
        doc.categoryId,
        doc.publishedAt,
        doc.title,
        doc.summary,
        doc.tags,
        doc.headings,
        indexWords(doc.title),
        indexWords(doc.tags.join(' ')),
        indexWords(doc.summary),
        indexWords(doc.headings.join(' ')),
        fuzzyText(`${doc.title} ${doc.tags.join(' ')}`),
      ],
    );
  }
}
