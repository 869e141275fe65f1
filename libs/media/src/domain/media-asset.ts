import type { Decider } from '#platform/domain';
import type { AssetRejected, MediaAssetEvent, RejectionReason } from './media-asset-events.js';
import { MediaErrors } from './media.errors.js';
import { checkDeclaration, expectedSignature, type MediaKind, type Signature, type SizeLimits } from './media-types.js';

export type MediaAssetState =
  | { status: 'none' }
  | {
      status: 'declared' | 'uploaded' | 'ready' | 'rejected' | 'deleted';
      assetId: string;
      contentId: string;
      creatorId: string;
      kind: MediaKind;
      mimeType: string;
      sizeBytes: number;
      storageKey: string;
      rejection: RejectionReason | null;
    };

/** What the worker found in the stored bytes. */
export interface Inspection {
  readonly sizeBytes: number;
  /** The type the first bytes show, or null when they match no known signature. */
  readonly signature: Signature | null;
  /**
   * Audio and video: the length read from the container's headers, `unknown` when the container
   * may leave it open (a FLAC whose STREAMINFO does not count its samples), `missing` when it
   * should state it and does not (a cut-off or forged file, a WebM recording never finalised).
   */
  readonly duration: { readonly seconds: number } | 'unknown' | 'missing';
  /**
   * Whether the container holds a video track (MP4/MOV, WebM/Matroska); null when that is not read
   * (containers of audio alone, images, documents, Ogg).
   */
  readonly hasVideo: boolean | null;
  /** The entity tag of the object read, when the store lets it be written again after the check (S3); null otherwise. */
  readonly objectEtag?: string | null;
}

export type MediaAssetCommand =
  | {
      type: 'Declare';
      assetId: string;
      contentId: string;
      lessonId: string | null;
      creatorId: string;
      kind: string;
      mimeType: string;
      sizeBytes: number;
      fileName: string;
      limits: SizeLimits;
    }
  /** The client says the upload is done; `storedBytes` is what the object store holds (null: nothing). */
  | { type: 'CompleteUpload'; storedBytes: number | null; by: string }
  /** The bytes sent went beyond the declared size: they were cut off, and the asset is refused. */
  | { type: 'RefuseOversizedUpload' }
  | { type: 'RecordInspection'; inspection: Inspection }
  | { type: 'Delete'; by: string };

/** Where an asset's life is recorded. */
export const assetStream = (assetId: string) => ({ streamId: `media-asset-${assetId}`, streamType: 'media-asset' });

/** The object store key of an asset: its id, never anything the uploader chose. */
export const storageKeyOf = (assetId: string) => `assets/${assetId}`;

/** May bytes be received for this asset now? Only while it waits for them. */
export function assertReceivable(state: MediaAssetState): asserts state is Exclude<MediaAssetState, { status: 'none' }> {
  if (state.status === 'none' || state.status === 'deleted') throw MediaErrors.assetNotFound();
  if (state.status === 'rejected') throw MediaErrors.assetRejected(state.rejection!);
  if (state.status !== 'declared') throw MediaErrors.alreadyUploaded();
}

const rejected = (assetId: string, reason: RejectionReason, detail: string): AssetRejected => ({
  type: 'media.asset-rejected',
  data: { assetId, reason, detail },
});

/** The verdict on stored bytes against what was declared: ready, or rejected with the first reason found. */
export function inspectionVerdict(
  declared: { assetId: string; kind: MediaKind; mimeType: string; sizeBytes: number },
  inspection: Inspection,
): MediaAssetEvent {
  const { assetId, kind, mimeType, sizeBytes } = declared;
  if (inspection.sizeBytes !== sizeBytes) {
    return rejected(assetId, 'SIZE_MISMATCH', `declared ${sizeBytes} bytes, stored ${inspection.sizeBytes}`);
  }
  if (inspection.signature === null) return rejected(assetId, 'UNKNOWN_TYPE', `the bytes are no ${kind} this platform knows`);
  const expected = expectedSignature(kind, mimeType);
  if (inspection.signature !== expected) {
    return rejected(assetId, 'TYPE_MISMATCH', `declared ${mimeType}, the bytes are ${inspection.signature}`);
  }
  // The container matches; what it carries must too: no picture in an audio, a picture in a video.
  if (kind === 'audio' && inspection.hasVideo === true) return rejected(assetId, 'TYPE_MISMATCH', `declared ${mimeType}, the bytes hold a video track`);
  if (kind === 'video' && inspection.hasVideo === false) return rejected(assetId, 'TYPE_MISMATCH', `declared ${mimeType}, the bytes hold no video track`);
  const timed = kind === 'audio' || kind === 'video';
  const { duration } = inspection;
  if (timed && (duration === 'missing' || (typeof duration === 'object' && !(duration.seconds > 0)))) {
    return rejected(assetId, 'NO_DURATION', `the ${kind} states no playable length`);
  }
  const durationSeconds = timed && typeof duration === 'object' ? duration.seconds : null;
  return { type: 'media.asset-ready', data: { assetId, signature: inspection.signature, durationSeconds, objectEtag: inspection.objectEtag ?? null } };
}

const STATUS_AFTER = {
  'media.upload-completed': 'uploaded',
  'media.asset-ready': 'ready',
  'media.asset-rejected': 'rejected',
  'media.asset-deleted': 'deleted',
} as const;

export const mediaAssetDecider: Decider<MediaAssetState, MediaAssetCommand, MediaAssetEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'media.upload-declared') {
      const { assetId, contentId, creatorId, kind, mimeType, sizeBytes, storageKey } = event.data;
      return { status: 'declared', assetId, contentId, creatorId, kind, mimeType, sizeBytes, storageKey, rejection: null };
    }
    if (state.status === 'none') return state;
    const rejection = event.type === 'media.asset-rejected' ? event.data.reason : state.rejection;
    return { ...state, status: STATUS_AFTER[event.type], rejection };
  },
  decide(command, state) {
    if (command.type === 'Declare') {
      if (state.status !== 'none') throw MediaErrors.assetExists();
      const { kind } = checkDeclaration(command, command.limits);
      const { assetId, contentId, lessonId, creatorId, mimeType, sizeBytes, fileName } = command;
      return [
        {
          type: 'media.upload-declared',
          data: { assetId, contentId, lessonId, creatorId, kind, mimeType, sizeBytes, fileName, storageKey: storageKeyOf(assetId) },
        },
      ];
    }
    if (state.status === 'none') throw MediaErrors.assetNotFound();
    const { assetId } = state;
    switch (command.type) {
      case 'CompleteUpload':
        if (state.status === 'uploaded' || state.status === 'ready') return [];
        assertReceivable(state);
        if (command.storedBytes === null) throw MediaErrors.uploadMissing();
        if (command.storedBytes !== state.sizeBytes) {
          return [rejected(assetId, 'SIZE_MISMATCH', `declared ${state.sizeBytes} bytes, stored ${command.storedBytes}`)];
        }
        return [{ type: 'media.upload-completed', data: { assetId, by: command.by } }];
      case 'RefuseOversizedUpload':
        if (state.status === 'rejected') return [];
        assertReceivable(state);
        return [rejected(assetId, 'LARGER_THAN_DECLARED', `more than the ${state.sizeBytes} bytes declared were sent`)];
      case 'RecordInspection':
        // A rerun (or a late job for a deleted asset) changes nothing.
        if (state.status === 'ready' || state.status === 'rejected' || state.status === 'deleted') return [];
        if (state.status === 'declared') throw MediaErrors.notUploaded();
        return [inspectionVerdict(state, command.inspection)];
      case 'Delete':
        if (state.status === 'deleted') return [];
        return [{ type: 'media.asset-deleted', data: { assetId, by: command.by } }];
    }
  },
};
