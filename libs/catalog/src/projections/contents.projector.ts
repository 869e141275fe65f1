import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ContentEvent } from '../domain/catalog-events.js';

/**
 * Keeps catalog_contents in step with content streams, in the append's transaction.
 * Timestamps are written from JS values (millisecond precision), which keeps list cursors exact.
 */
@Injectable()
@InlineProjection()
export class ContentsProjector implements InlineProjector {
  readonly eventTypes = [
    'catalog.content-drafted',
    'catalog.content-submitted',
    'catalog.content-approved',
    'catalog.content-rejected',
    'catalog.content-classified',
  ] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ContentEvent>[]) {
      const at = event.createdAt.toISOString();
      switch (event.type) {
        case 'catalog.content-drafted': {
          const { contentId, creatorId, kind, title, summary, priceCents, currency, tags, lessons } = event.data;
          await manager.query(
            `INSERT INTO catalog_contents
               (id, creator_id, kind, title, summary, price_cents, currency, tags, lessons, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, 'draft', $10, $10)`,
            [contentId, creatorId, kind, title, summary, priceCents, currency, tags, JSON.stringify(lessons), at],
          );
          break;
        }
        case 'catalog.content-submitted':
          await manager.query(
            `UPDATE catalog_contents
                SET status = 'in_review', rejection_reason = NULL, submitted_at = $2, updated_at = $2
              WHERE id = $1`,
            [event.data.contentId, at],
          );
          break;
        case 'catalog.content-approved':
          await manager.query(
            `UPDATE catalog_contents SET status = 'published', published_at = $2, updated_at = $3 WHERE id = $1`,
            [event.data.contentId, event.data.publishedAt, at],
          );
          break;
        case 'catalog.content-rejected':
          await manager.query(
            `UPDATE catalog_contents SET status = 'rejected', rejection_reason = $2, updated_at = $3 WHERE id = $1`,
            [event.data.contentId, event.data.reason, at],
          );
          break;
        case 'catalog.content-classified':
          await manager.query(`UPDATE catalog_contents SET category_id = $2, tags = $3, updated_at = $4 WHERE id = $1`, [
            event.data.contentId,
            event.data.categoryId,
            event.data.tags,
            at,
          ]);
          break;
      }
    }
  }
}
