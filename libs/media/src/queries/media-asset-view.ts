import type { RejectionReason } from '../domain/media-asset-events.js';
import type { MediaKind } from '../domain/media-types.js';

export type AssetStatus = 'declared' | 'uploaded' | 'ready' | 'rejected';

export interface MediaAssetView {
  assetId: string;
  contentId: string;
  lessonId: string | null;
  kind: MediaKind;
  mimeType: string;
  sizeBytes: number;
  fileName: string;
  status: AssetStatus;
  durationSeconds: number | null;
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
  rejection: row.rejection_reason ? { reason: row.rejection_reason, detail: row.rejection_detail ?? '' } : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
