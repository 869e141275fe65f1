import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { MediaAssetEvent } from './media-asset-events.js';
import { assertReceivable, assetStream, type Inspection, mediaAssetDecider, type MediaAssetCommand, storageKeyOf } from './media-asset.js';
import { MediaErrors } from './media.errors.js';

const { given } = deciderSpec(mediaAssetDecider);
const assetId = 'a1';
const limits = { audio: 1000, video: 5000, image: 100, attachment: 100 };
const declare = (overrides: Partial<Extract<MediaAssetCommand, { type: 'Declare' }>> = {}): MediaAssetCommand => ({
  type: 'Declare',
  assetId,
  contentId: 'c1',
  lessonId: 'l1',
  creatorId: 'u1',
  kind: 'video',
  mimeType: 'video/mp4',
  sizeBytes: 2000,
  fileName: '第一课.mp4',
  limits,
  ...overrides,
});
const declared: MediaAssetEvent = {
  type: 'media.upload-declared',
  data: {
    assetId,
    contentId: 'c1',
    lessonId: 'l1',
    creatorId: 'u1',
    kind: 'video',
    mimeType: 'video/mp4',
    sizeBytes: 2000,
    fileName: '第一课.mp4',
    storageKey: 'assets/a1',
  },
};
const completed: MediaAssetEvent = { type: 'media.upload-completed', data: { assetId, by: 'u1' } };
const ready: MediaAssetEvent = { type: 'media.asset-ready', data: { assetId, signature: 'iso-bmff', durationSeconds: 12.5, objectEtag: null } };
const rejectedBy = (reason: Extract<MediaAssetEvent, { type: 'media.asset-rejected' }>['data']['reason'], detail: string): MediaAssetEvent => ({
  type: 'media.asset-rejected',
  data: { assetId, reason, detail },
});
const oversized = rejectedBy('LARGER_THAN_DECLARED', 'more than the 2000 bytes declared were sent');
const deleted: MediaAssetEvent = { type: 'media.asset-deleted', data: { assetId, by: 'u1' } };
const complete = (storedBytes: number | null): MediaAssetCommand => ({ type: 'CompleteUpload', storedBytes, by: 'u1' });
const inspect = (inspection: Partial<Inspection> = {}): MediaAssetCommand => ({
  type: 'RecordInspection',
  inspection: { sizeBytes: 2000, signature: 'iso-bmff', duration: { seconds: 12.5 }, hasVideo: true, ...inspection },
});

describe('declaring an upload', () => {
  it('records what is declared, stored under a key made from the id alone', () => {
    given([]).when(declare()).then([declared]);
    given([])
      .when(declare({ lessonId: null, kind: 'image', mimeType: 'image/png', sizeBytes: 100, fileName: '../../etc/passwd.png'.replaceAll('/', '_') }))
      .then([
        {
          type: 'media.upload-declared',
          data: { ...declared.data, lessonId: null, kind: 'image', mimeType: 'image/png', sizeBytes: 100, fileName: '.._.._etc_passwd.png' },
        },
      ]);
  });
  it('refuses to declare the same asset twice', () => {
    given([declared]).when(declare()).thenRefuses('MEDIA.ASSET_EXISTS', 'conflict');
  });
  it('refuses an unknown kind', () => {
    given([]).when(declare({ kind: 'hologram' })).thenRefuses('MEDIA.KIND_UNKNOWN', 'invalid');
  });
  it('refuses a MIME type the kind does not accept, parameters included', () => {
    for (const mimeType of ['image/png', 'video/mp4; charset=utf-8', 'VIDEO/MP4', 'video/mp4 ', '']) {
      given([]).when(declare({ mimeType })).thenRefuses('MEDIA.MIME_TYPE_NOT_ALLOWED', 'invalid');
    }
  });
  it('refuses a size that is no whole positive number of bytes', () => {
    for (const sizeBytes of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      given([]).when(declare({ sizeBytes })).thenRefuses('MEDIA.SIZE_INVALID', 'invalid');
    }
  });
  it("refuses a size beyond the kind's limit, and takes one at it", () => {
    given([]).when(declare({ sizeBytes: 5001 })).thenRefuses('MEDIA.TOO_LARGE', 'invalid');
    given([]).when(declare({ sizeBytes: 10 ** 15 })).thenRefuses('MEDIA.TOO_LARGE', 'invalid');
    given([]).when(declare({ sizeBytes: 5000 })).then([{ ...declared, data: { ...declared.data, sizeBytes: 5000 } }]);
    given([]).when(declare({ sizeBytes: 1 })).then([{ ...declared, data: { ...declared.data, sizeBytes: 1 } }]);
  });
  it('refuses a file name with a path in it', () => {
    given([]).when(declare({ fileName: '../../etc/passwd' })).thenRefuses('MEDIA.FILE_NAME_INVALID', 'invalid');
  });
  it('refuses a file name whose direction marks disguise its extension, or that is not valid Unicode', () => {
    given([]).when(declare({ fileName: 'invoice\u202efdp.exe' })).thenRefuses('MEDIA.FILE_NAME_INVALID', 'invalid');
    given([]).when(declare({ fileName: 'a\ud800.pdf' })).thenRefuses('MEDIA.FILE_NAME_INVALID', 'invalid');
  });
});

describe('completing an upload', () => {
  it('completes when the store holds exactly the declared bytes', () => {
    given([declared]).when(complete(2000)).then([completed]);
  });
  it('is a no-op once completed, checked or not', () => {
    given([declared, completed]).when(complete(2000)).then([]);
    given([declared, completed, ready]).when(complete(2000)).then([]);
  });
  it('rejects the asset when the store holds another size', () => {
    given([declared]).when(complete(2001)).then([rejectedBy('SIZE_MISMATCH', 'declared 2000 bytes, stored 2001')]);
    given([declared]).when(complete(0)).then([rejectedBy('SIZE_MISMATCH', 'declared 2000 bytes, stored 0')]);
  });
  it('refuses while nothing was uploaded', () => {
    given([declared]).when(complete(null)).thenRefuses('MEDIA.UPLOAD_MISSING', 'conflict');
  });
  it('refuses for a rejected asset, naming why it was', () => {
    const refusal = given([declared, oversized]).when(complete(2000)).thenRefuses('MEDIA.ASSET_REJECTED', 'conflict');
    expect(refusal.details).toEqual({ reason: 'LARGER_THAN_DECLARED' });
  });
  it('knows no asset never declared, or deleted', () => {
    given([]).when(complete(2000)).thenRefuses('MEDIA.ASSET_NOT_FOUND', 'not_found');
    given([declared, deleted]).when(complete(2000)).thenRefuses('MEDIA.ASSET_NOT_FOUND', 'not_found');
  });
});

describe('an upload larger than declared', () => {
  it('rejects the asset', () => {
    given([declared]).when({ type: 'RefuseOversizedUpload' }).then([oversized]);
  });
  it('changes nothing once rejected', () => {
    given([declared, oversized]).when({ type: 'RefuseOversizedUpload' }).then([]);
  });
  it('cannot happen once the bytes were taken', () => {
    given([declared, completed]).when({ type: 'RefuseOversizedUpload' }).thenRefuses('MEDIA.ALREADY_UPLOADED', 'conflict');
    given([declared, completed, ready]).when({ type: 'RefuseOversizedUpload' }).thenRefuses('MEDIA.ALREADY_UPLOADED', 'conflict');
  });
  it('knows no asset never declared, or deleted', () => {
    given([]).when({ type: 'RefuseOversizedUpload' }).thenRefuses('MEDIA.ASSET_NOT_FOUND', 'not_found');
    given([declared, deleted]).when({ type: 'RefuseOversizedUpload' }).thenRefuses('MEDIA.ASSET_NOT_FOUND', 'not_found');
  });
});

describe('receiving bytes', () => {
  const stateAfter = (events: MediaAssetEvent[]) => events.reduce(mediaAssetDecider.evolve, mediaAssetDecider.initialState());
  it('takes them only while the asset waits for them', () => {
    expect(() => assertReceivable(stateAfter([declared]))).not.toThrow();
    expect(() => assertReceivable(stateAfter([declared, completed]))).toThrow(MediaErrors.alreadyUploaded());
    expect(() => assertReceivable(stateAfter([declared, completed, ready]))).toThrow(MediaErrors.alreadyUploaded());
    expect(() => assertReceivable(stateAfter([declared, oversized]))).toThrow(MediaErrors.assetRejected('LARGER_THAN_DECLARED'));
    expect(() => assertReceivable(stateAfter([declared, deleted]))).toThrow(MediaErrors.assetNotFound());
    expect(() => assertReceivable(stateAfter([]))).toThrow(MediaErrors.assetNotFound());
  });
});

describe('recording what the bytes are', () => {
  it('makes a video ready with its length', () => {
    given([declared, completed]).when(inspect()).then([ready]);
  });
  it('binds the asset to the entity tag of the object checked, where the uploader could write it again (S3)', () => {
    given([declared, completed])
      .when(inspect({ objectEtag: '"9e107d9d372bb6826bd81d3542a419d6"' }))
      .then([{ ...ready, data: { ...ready.data, objectEtag: '"9e107d9d372bb6826bd81d3542a419d6"' } }]);
  });
  it('makes an image or attachment ready without a length, whatever the container says', () => {
    const image: MediaAssetEvent = { ...declared, data: { ...declared.data, kind: 'image', mimeType: 'image/png', sizeBytes: 50 } };
    given([image, completed])
      .when(inspect({ sizeBytes: 50, signature: 'png', duration: { seconds: 3 } }))
      .then([{ type: 'media.asset-ready', data: { assetId, signature: 'png', durationSeconds: null, objectEtag: null } }]);
    given([image, completed])
      .when(inspect({ sizeBytes: 50, signature: 'png', duration: 'missing' }))
      .then([{ type: 'media.asset-ready', data: { assetId, signature: 'png', durationSeconds: null, objectEtag: null } }]);
  });
  it('makes an audio or video ready when its container length cannot be read here', () => {
    const audio: MediaAssetEvent = { ...declared, data: { ...declared.data, kind: 'audio', mimeType: 'audio/ogg' } };
    given([audio, completed])
      .when(inspect({ signature: 'ogg', duration: 'unknown', hasVideo: null }))
      .then([{ type: 'media.asset-ready', data: { assetId, signature: 'ogg', durationSeconds: null, objectEtag: null } }]);
  });
  it('rejects bytes of another size than declared', () => {
    given([declared, completed]).when(inspect({ sizeBytes: 10 })).then([rejectedBy('SIZE_MISMATCH', 'declared 2000 bytes, stored 10')]);
  });
  it('rejects bytes of no known type', () => {
    given([declared, completed]).when(inspect({ signature: null })).then([rejectedBy('UNKNOWN_TYPE', 'the bytes are no video this platform knows')]);
  });
  it('rejects a PNG declared as an MP4', () => {
    given([declared, completed]).when(inspect({ signature: 'png' })).then([rejectedBy('TYPE_MISMATCH', 'declared video/mp4, the bytes are png')]);
  });
  it('rejects an audio whose container holds a video track', () => {
    const audio: MediaAssetEvent = { ...declared, data: { ...declared.data, kind: 'audio', mimeType: 'audio/webm' } };
    given([audio, completed])
      .when(inspect({ signature: 'matroska', hasVideo: true }))
      .then([rejectedBy('TYPE_MISMATCH', 'declared audio/webm, the bytes hold a video track')]);
  });
  it('rejects a video whose container holds no video track', () => {
    given([declared, completed]).when(inspect({ hasVideo: false })).then([rejectedBy('TYPE_MISMATCH', 'declared video/mp4, the bytes hold no video track')]);
  });
  it('makes an audio without a video track ready, and a video or audio whose tracks were not read', () => {
    const audio: MediaAssetEvent = { ...declared, data: { ...declared.data, kind: 'audio', mimeType: 'audio/mp4' } };
    const audioReady: MediaAssetEvent = { type: 'media.asset-ready', data: { assetId, signature: 'iso-bmff', durationSeconds: 12.5, objectEtag: null } };
    given([audio, completed]).when(inspect({ hasVideo: false })).then([audioReady]);
    given([audio, completed]).when(inspect({ hasVideo: null })).then([audioReady]);
    given([declared, completed]).when(inspect({ hasVideo: null })).then([ready]);
  });
  it('rejects an audio or video whose container states no length, or none above zero', () => {
    given([declared, completed]).when(inspect({ duration: 'missing' })).then([rejectedBy('NO_DURATION', 'the video states no playable length')]);
    given([declared, completed]).when(inspect({ duration: { seconds: 0 } })).then([rejectedBy('NO_DURATION', 'the video states no playable length')]);
    given([declared, completed]).when(inspect({ duration: { seconds: Number.NaN } })).then([rejectedBy('NO_DURATION', 'the video states no playable length')]);
  });
  it('changes nothing when run again, or for an asset since deleted', () => {
    given([declared, completed, ready]).when(inspect({ signature: 'png' })).then([]);
    given([declared, completed, rejectedBy('TYPE_MISMATCH', 'x')]).when(inspect()).then([]);
    given([declared, completed, deleted]).when(inspect()).then([]);
  });
  it('refuses before the upload is complete', () => {
    given([declared]).when(inspect()).thenRefuses('MEDIA.NOT_UPLOADED', 'conflict');
  });
  it('knows no asset never declared', () => {
    given([]).when(inspect()).thenRefuses('MEDIA.ASSET_NOT_FOUND', 'not_found');
  });
});

describe('deleting an asset', () => {
  it('deletes it in any state; again is a no-op', () => {
    for (const past of [[declared], [declared, completed], [declared, completed, ready], [declared, oversized]]) {
      given(past).when({ type: 'Delete', by: 'u1' }).then([deleted]);
    }
    given([declared, deleted]).when({ type: 'Delete', by: 'u1' }).then([]);
  });
  it('knows no asset never declared', () => {
    given([]).when({ type: 'Delete', by: 'u1' }).thenRefuses('MEDIA.ASSET_NOT_FOUND', 'not_found');
  });
});

describe('the state an asset folds to', () => {
  it('keeps what was declared and the reason of a rejection', () => {
    const state = [declared, completed, rejectedBy('TYPE_MISMATCH', 'x')].reduce(mediaAssetDecider.evolve, mediaAssetDecider.initialState());
    expect(state).toEqual({
      status: 'rejected',
      assetId,
      contentId: 'c1',
      creatorId: 'u1',
      kind: 'video',
      mimeType: 'video/mp4',
      sizeBytes: 2000,
      storageKey: 'assets/a1',
      rejection: 'TYPE_MISMATCH',
    });
    expect(mediaAssetDecider.evolve({ status: 'none' }, completed)).toEqual({ status: 'none' });
    expect([declared, completed, ready].reduce(mediaAssetDecider.evolve, mediaAssetDecider.initialState())).toMatchObject({ status: 'ready', rejection: null });
  });
  it('lives on its own stream, stored under its id', () => {
    expect(assetStream('a1')).toEqual({ streamId: 'media-asset-a1', streamType: 'media-asset' });
    expect(storageKeyOf('a1')).toBe('assets/a1');
  });
});
