import type { DomainEvent } from '#platform/domain';
import type { MediaKind, Signature } from './media-types.js';

// An asset's life, on its stream `media-asset-<id>`: declared → uploaded → ready | rejected → deleted.

/** Why an asset was rejected: a stable code clients can branch on. */
export const REJECTION_REASONS = ['LARGER_THAN_DECLARED', 'SIZE_MISMATCH', 'UNKNOWN_TYPE', 'TYPE_MISMATCH', 'NO_DURATION'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export type UploadDeclared = DomainEvent<
  'media.upload-declared',
  {
    assetId: string;
    contentId: string;
    lessonId: string | null;
    /** The content's creator (who declares; the owner of the asset). */
    creatorId: string;
    kind: MediaKind;
    mimeType: string;
    sizeBytes: number;
    fileName: string;
    /** Where the bytes live in the object store: derived from the id, never from the file name. */
    storageKey: string;
  }
>;
/** The object store holds exactly the declared number of bytes; the worker checks what they are. */
export type UploadCompleted = DomainEvent<'media.upload-completed', { assetId: string; by: string }>;
export type AssetReady = DomainEvent<
  'media.asset-ready',
  {
    assetId: string;
    signature: Signature;
    durationSeconds: number | null;
    /**
     * The entity tag of the very object checked, where the uploader could still write it after (an S3
     * presigned PUT lives until it expires): only those bytes are ever served. Null with the local
     * store (the api takes one upload only); absent from events recorded before it existed.
     */
    objectEtag?: string | null;
  }
>;
export type AssetRejected = DomainEvent<'media.asset-rejected', { assetId: string; reason: RejectionReason; detail: string }>;
export type AssetDeleted = DomainEvent<'media.asset-deleted', { assetId: string; by: string }>;

export type MediaAssetEvent = UploadDeclared | UploadCompleted | AssetReady | AssetRejected | AssetDeleted;

export const mediaEventTypes = {
  'media.upload-declared': { schemaVersion: 1 },
  'media.upload-completed': { schemaVersion: 1 },
  'media.asset-ready': { schemaVersion: 1 },
  'media.asset-rejected': { schemaVersion: 1 },
  'media.asset-deleted': { schemaVersion: 1 },
} as const;
