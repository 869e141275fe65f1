import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { MediaErrors } from './media.errors.js';

describe('media refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(MediaErrors.contentNotFound(), 'MEDIA.CONTENT_NOT_FOUND', 'not_found', 'No such content of yours (or lesson of it) to hold media.');
    expectRefusal(MediaErrors.assetNotFound(), 'MEDIA.ASSET_NOT_FOUND', 'not_found', 'No such media asset.');
    expectRefusal(MediaErrors.assetExists(), 'MEDIA.ASSET_EXISTS', 'conflict', 'This media asset was declared already.');
    expectRefusal(MediaErrors.kindUnknown('x'), 'MEDIA.KIND_UNKNOWN', 'invalid', 'Unknown media kind "x".', { kind: 'x' });
    expectRefusal(
      MediaErrors.mimeTypeNotAllowed('image', ['image/png', 'image/gif']),
      'MEDIA.MIME_TYPE_NOT_ALLOWED',
      'invalid',
      'This MIME type is not accepted for image: use one of image/png, image/gif.',
      { kind: 'image', allowed: ['image/png', 'image/gif'] },
    );
    expectRefusal(MediaErrors.sizeInvalid(), 'MEDIA.SIZE_INVALID', 'invalid', 'The size must be a whole number of bytes, at least 1.');
    expectRefusal(MediaErrors.tooLarge('video', 10), 'MEDIA.TOO_LARGE', 'invalid', 'A video may be at most 10 bytes.', { kind: 'video', maxBytes: 10 });
    expectRefusal(MediaErrors.fileNameInvalid('why'), 'MEDIA.FILE_NAME_INVALID', 'invalid', 'The file name why.', { why: 'why' });
    expectRefusal(
      MediaErrors.uploadMissing(),
      'MEDIA.UPLOAD_MISSING',
      'conflict',
      'Nothing was uploaded for this asset yet: PUT the bytes to its upload URL first.',
    );
    expectRefusal(MediaErrors.assetRejected('WHY'), 'MEDIA.ASSET_REJECTED', 'conflict', 'This asset was rejected (WHY); declare a new upload.', { reason: 'WHY' });
    expectRefusal(MediaErrors.alreadyUploaded(), 'MEDIA.ALREADY_UPLOADED', 'conflict', 'The bytes of this asset were uploaded already.');
    expectRefusal(MediaErrors.notUploaded(), 'MEDIA.NOT_UPLOADED', 'conflict', 'The upload of this asset is not complete.');
    expectRefusal(MediaErrors.notPlayable(), 'MEDIA.NOT_PLAYABLE', 'conflict', 'This asset is not ready to play (not checked yet, or rejected).');
    expectRefusal(MediaErrors.notEntitled(), 'MEDIA.NOT_ENTITLED', 'forbidden', 'Buy this content (or get access to it) to play its media.');
    expectRefusal(MediaErrors.signInToPlay(), 'AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in (and get access to this content) to play its media.');
    expectRefusal(MediaErrors.urlInvalid(), 'MEDIA.URL_INVALID', 'forbidden', 'This media URL is not valid (or was issued to someone else).');
    expectRefusal(MediaErrors.urlExpired(), 'MEDIA.URL_EXPIRED', 'forbidden', 'This media URL has expired; ask for a new one.');
    expectRefusal(MediaErrors.uploadInProgress(), 'MEDIA.UPLOAD_IN_PROGRESS', 'conflict', 'Another upload of this asset is running.');
    expectRefusal(MediaErrors.uploadSizeMismatch(5), 'MEDIA.UPLOAD_SIZE_MISMATCH', 'invalid', 'The upload must be exactly the 5 bytes declared, with that Content-Length.', { declared: 5 });
    expectRefusal(
      MediaErrors.uploadTypeMismatch('image/png'),
      'MEDIA.UPLOAD_TYPE_MISMATCH',
      'invalid',
      'The upload must be sent with the declared Content-Type image/png.',
      { declared: 'image/png' },
    );
    expectRefusal(
      MediaErrors.uploadTooLarge(5),
      'MEDIA.UPLOAD_TOO_LARGE',
      'invalid',
      'The upload was larger than the 5 bytes declared: it was cut off and the asset rejected.',
      { declared: 5 },
    );
    expectRefusal(MediaErrors.localStoreOnly(), 'MEDIA.NOT_LOCAL_STORE', 'not_found', 'Uploads go straight to the object store here, not to the api.');
  });
});
