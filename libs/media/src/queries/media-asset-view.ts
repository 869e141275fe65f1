import type { RejectionReason } from '../domain/media-asset-events.js';
import type { MediaKind } from '../domain/media-types.js';

export type AssetStatus = 'declared' | 'uploaded' | 'ready' | 'rejected';

export interface MediaAssetView {
  assetId: string;
  contentId: string;
  lessonId: string | null;
  kind: MediaKind;
  /** Null, like the size, name and length, while the asset's lesson is locked to the caller. */
  mimeType: string | null;
  sizeBytes: number | null;
  fileName: string | null;
  status: AssetStatus;
  durationSeconds: number | null;
  /** True while the asset's lesson is not open to the caller (a drip lesson not released yet): it is listed, its file is not described. */
  locked: boolean;
  /** When a locked lesson opens for the caller, as the lesson itself says; null otherwise. */
  unlocksAt: string | null;
  rejection: { reason: RejectionReason; detail: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface MediaAssetRow {
  id: string;
  content_id: string;
  lesson_id: string | null;
  creator_id: string;
  kind: MediaKind;
  mime_type: string;
  size_bytes: string;
  file_name: string;
  storage_key: string;
  /** The entity tag of the object checked, where the store lets it be written again (S3); null otherwise. */
  object_etag: string | null;
  status: AssetStatus | 'deleted';
  duration_seconds: number | null;
  rejection_reason: RejectionReason | null;
  rejection_detail: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toAssetView = (row: MediaAssetRow): MediaAssetView => ({
  assetId: row.id,
  contentId: row.content_id,
  lessonId: row.lesson_id,
  kind: row.kind,
  mimeType: row.mime_type,
  sizeBytes: Number(row.size_bytes),
  fileName: row.file_name,
  status: row.status as AssetStatus,
  durationSeconds: row.duration_seconds,
  locked: false,
  unlocksAt: null,
  rejection: row.rejection_reason ? { reason: row.rejection_reason, detail: row.rejection_detail ?? '' } : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/**
 * An asset of a lesson the caller may not read yet (a drip lesson not released to them): what the
 * lesson listing shows of it already (which lesson, what kind of media, when it opens), nothing of
 * the file itself: no name, type, size or length (and never a URL, as for any listed asset).
 */
export const toLockedAssetView = (row: MediaAssetRow, unlocksAt: string | null): MediaAssetView => ({
  ...toAssetView(row),
  mimeType: null,
  sizeBytes: null,
  fileName: null,
  durationSeconds: null,
  locked: true,
  unlocksAt,
});
