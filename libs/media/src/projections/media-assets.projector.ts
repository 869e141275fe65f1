import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { MediaAssetEvent } from '../domain/media-asset-events.js';

/** media_assets: each asset as it is now, for the creator's list, playback and the worker's check. */
@Injectable()
@InlineProjection()
export class MediaAssetsProjector implements InlineProjector {
  readonly eventTypes = ['media.upload-declared', 'media.upload-completed', 'media.asset-ready', 'media.asset-rejected', 'media.asset-deleted'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<MediaAssetEvent>[]) {
      switch (event.type) {
        case 'media.upload-declared': {
          const { assetId, contentId, lessonId, creatorId, kind, mimeType, sizeBytes, fileName, storageKey } = event.data;
          await manager.query(
            `INSERT INTO media_assets (id, content_id, lesson_id, creator_id, kind, mime_type, size_bytes, file_name, storage_key, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'declared', $10, $10) ON CONFLICT (id) DO NOTHING`,
            [assetId, contentId, lessonId, creatorId, kind, mimeType, sizeBytes, fileName, storageKey, event.createdAt],
          );
          break;
        }
        case 'media.upload-completed':
          await this.setStatus(manager, event, 'uploaded');
          break;
        case 'media.asset-ready':
          await manager.query(
            `UPDATE media_assets SET status = 'ready', signature = $2, duration_seconds = $3, object_etag = $5, updated_at = $4 WHERE id = $1`,
            [event.data.assetId, event.data.signature, event.data.durationSeconds, event.createdAt, event.data.objectEtag ?? null],
          );
          break;
        case 'media.asset-rejected':
          await manager.query(
            `UPDATE media_assets SET status = 'rejected', rejection_reason = $2, rejection_detail = $3, updated_at = $4 WHERE id = $1`,
            [event.data.assetId, event.data.reason, event.data.detail, event.createdAt],
          );
          break;
        case 'media.asset-deleted':
          await this.setStatus(manager, event, 'deleted');
          break;
      }
    }
  }

  private async setStatus(manager: EntityManager, event: RecordedEvent<MediaAssetEvent>, status: string): Promise<void> {
    await manager.query(`UPDATE media_assets SET status = $2, updated_at = $3 WHERE id = $1`, [event.data.assetId, status, event.createdAt]);
  }
}
