// Public surface of the media domain (uploads, checks, entitled playback).
export { MediaModule } from './media.module.js';
export { MediaHttpModule } from './media-http.module.js';
export { MediaWorkerModule } from './media-worker.module.js';
export { mediaEventTypes, REJECTION_REASONS, type RejectionReason } from './domain/media-asset-events.js';
export type { MediaAssetEvent, UploadDeclared, UploadCompleted, AssetReady, AssetRejected, AssetDeleted } from './domain/media-asset-events.js';
export { MEDIA_KINDS, ACCEPTED_TYPES, type MediaKind } from './domain/media-types.js';
export { DeclareUpload, type DeclaredUpload } from './commands/declare-upload.js';
export { CompleteUpload } from './commands/complete-upload.js';
export { DeleteAsset } from './commands/delete-asset.js';
export { InspectUpload } from './commands/inspect-upload.js';
export { ListContentAssets } from './queries/list-content-assets.js';
export { IssuePlaybackUrl, type PlaybackUrl } from './queries/issue-playback-url.js';
export type { MediaAssetView } from './queries/media-asset-view.js';
export { MediaJob, type InspectUploadJobData } from './jobs/media-jobs.js';
export { Media1764770000000 } from './migrations/1764770000000-media.js';
export { MediaObjectEtag1764933000000 } from './migrations/1764933000000-media-object-etag.js';
