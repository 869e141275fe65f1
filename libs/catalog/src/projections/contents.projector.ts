import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { ContentEvent } from '../domain/catalog-events.js';

/**
 * Keeps catalog_contents in step with content streams, in the append's transaction.
 * Timestamps are written from JS values (millisecond precision), which keeps list cursors exact.
 * A revision waits in `pending` beside the live columns, which learners and lists read, until it is approved.
 */
@Injectable()
@InlineProjection()
export class ContentsProjector implements InlineProjector {
  readonly eventTypes = [
    'catalog.content-drafted',
    'catalog.content-submitted',
    'catalog.content-approved',
    'catalog.content-rejected',
    'catalog.revision-drafted',
    'catalog.revision-submitted',
    'catalog.revision-rejected',
    'catalog.content-classified',
    'catalog.content-unpublished',
    'catalog.content-republished',
    'catalog.content-hidden',
    'catalog.content-unhidden',
  ] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<ContentEvent>[]) {
      const at = event.createdAt.toISOString();
      switch (event.type) {
        case 'catalog.content-drafted': {
          const { contentId, creatorId, kind, title, summary, priceCents, currency, tags, lessons, chapters, live } = event.data;
          await manager.query(
            `INSERT INTO catalog_contents
               (id, creator_id, kind, title, summary, price_cents, currency, tags, lessons, chapters, live, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, 'draft', $12, $12)`,
            [contentId, creatorId, kind, title, summary, priceCents, currency, tags, JSON.stringify(lessons), json(chapters), json(live), at],
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
        case 'catalog.content-approved': {
          const { contentId, publishedAt, revision, title, summary, priceCents, currency, tags } = event.data;
          if (revision === undefined) {
            await manager.query(
              `UPDATE catalog_contents SET status = 'published', published_at = $2, updated_at = $3 WHERE id = $1`,
              [contentId, publishedAt, at],
            );
            break;
          }
          // The approved revision becomes the live one: its listing from the event, its structure from where it waited.
          await manager.query(
            `UPDATE catalog_contents
                SET title = $3, summary = $4, price_cents = $5, currency = $6, tags = $7,
                    lessons = pending->'lessons', chapters = pending->'chapters', live = pending->'live',
                    revision = $2, pending = NULL, revision_status = NULL, revision_rejection_reason = NULL,
                    revised_at = $8, updated_at = $8
              WHERE id = $1`,
            [contentId, revision, title, summary, priceCents, currency, tags, at],
          );
          break;
        }
        case 'catalog.content-rejected':
          await manager.query(
            `UPDATE catalog_contents SET status = 'rejected', rejection_reason = $2, updated_at = $3 WHERE id = $1`,
            [event.data.contentId, event.data.reason, at],
          );
          break;
        case 'catalog.revision-drafted': {
          const { contentId, ...pending } = event.data;
          await manager.query(
            `UPDATE catalog_contents
                SET pending = $2::jsonb, revision_status = 'draft', revision_rejection_reason = NULL, updated_at = $3
              WHERE id = $1`,
            [contentId, JSON.stringify(pending), at],
          );
          break;
        }
        case 'catalog.revision-submitted':
          await manager.query(`UPDATE catalog_contents SET revision_status = 'in_review', updated_at = $2 WHERE id = $1`, [event.data.contentId, at]);
          break;
        case 'catalog.revision-rejected':
          await manager.query(
            `UPDATE catalog_contents SET revision_status = 'rejected', revision_rejection_reason = $2, updated_at = $3 WHERE id = $1`,
            [event.data.contentId, event.data.reason, at],
          );
          break;
        case 'catalog.content-unpublished':
          await manager.query(`UPDATE catalog_contents SET status = 'unpublished', updated_at = $2 WHERE id = $1`, [event.data.contentId, at]);
          break;
        case 'catalog.content-republished':
          await manager.query(`UPDATE catalog_contents SET status = 'published', updated_at = $2 WHERE id = $1`, [event.data.contentId, at]);
          break;
        case 'catalog.content-hidden':
          await manager.query(`UPDATE catalog_contents SET status = 'hidden', hidden_reason = $2, updated_at = $3 WHERE id = $1`, [
            event.data.contentId,
            event.data.reason,
            at,
          ]);
          break;
        case 'catalog.content-unhidden':
          await manager.query(`UPDATE catalog_contents SET status = $2, hidden_reason = NULL, updated_at = $3 WHERE id = $1`, [
            event.data.contentId,
            event.data.status,
            at,
          ]);
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

/** An optional part of the structure as a jsonb parameter (SQL NULL when absent). */
function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
