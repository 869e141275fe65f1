import { DomainError } from '#platform/domain';

export const MediaErrors = {
  contentNotFound: () =>
    new DomainError('MEDIA.CONTENT_NOT_FOUND', 'not_found', 'No such content of yours (or lesson of it) to hold media.'),
  assetNotFound: () => new DomainError('MEDIA.ASSET_NOT_FOUND', 'not_found', 'No such media asset.'),
  assetExists: () => new DomainError('MEDIA.ASSET_EXISTS', 'conflict', 'This media asset was declared already.'),
  kindUnknown: (kind: string) => new DomainError('MEDIA.KIND_UNKNOWN', 'invalid', `Unknown media kind "${kind}".`, { kind }),
  mimeTypeNotAllowed: (kind: string, allowed: readonly string[]) =>
    new DomainError('MEDIA.MIME_TYPE_NOT_ALLOWED', 'invalid', `This MIME type is not accepted for ${kind}: use one of ${allowed.join(', ')}.`, {
      kind,
      allowed,
    }),
  sizeInvalid: () => new DomainError('MEDIA.SIZE_INVALID', 'invalid', 'The size must be a whole number of bytes, at least 1.'),
  tooLarge: (kind: string, maxBytes: number) =>
    new DomainError('MEDIA.TOO_LARGE', 'invalid', `A ${kind} may be at most ${maxBytes} bytes.`, { kind, maxBytes }),
  fileNameInvalid: (why: string) => new DomainError('MEDIA.FILE_NAME_INVALID', 'invalid', `The file name ${why}.`, { why }),
  uploadMissing: () =>
    new DomainError('MEDIA.UPLOAD_MISSING', 'conflict', 'Nothing was uploaded for this asset yet: PUT the bytes to its upload URL first.'),
  assetRejected: (reason: string) =>
    new DomainError('MEDIA.ASSET_REJECTED', 'conflict', `This asset was rejected (${reason}); declare a new upload.`, { reason }),
  alreadyUploaded: () => new DomainError('MEDIA.ALREADY_UPLOADED', 'conflict', 'The bytes of this asset were uploaded already.'),
  notUploaded: () => new DomainError('MEDIA.NOT_UPLOADED', 'conflict', 'The upload of this asset is not complete.'),
  notPlayable: () => new DomainError('MEDIA.NOT_PLAYABLE', 'conflict', 'This asset is not ready to play (not checked yet, or rejected).'),
  notEntitled: () => new DomainError('MEDIA.NOT_ENTITLED', 'forbidden', 'Buy this content (or get access to it) to play its media.'),
  // The code every signed-out refusal carries: the client's cue to sign in.
  signInToPlay: () => new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Sign in (and get access to this content) to play its media.'),
  urlInvalid: () => new DomainError('MEDIA.URL_INVALID', 'forbidden', 'This media URL is not valid (or was issued to someone else).'),
  urlExpired: () => new DomainError('MEDIA.URL_EXPIRED', 'forbidden', 'This media URL has expired; ask for a new one.'),
  uploadInProgress: () => new DomainError('MEDIA.UPLOAD_IN_PROGRESS', 'conflict', 'Another upload of this asset is running.'),
  uploadSizeMismatch: (declared: number) =>
    new DomainError('MEDIA.UPLOAD_SIZE_MISMATCH', 'invalid', `The upload must be exactly the ${declared} bytes declared, with that Content-Length.`, {
      declared,
    }),
  uploadTypeMismatch: (declared: string) =>
    new DomainError('MEDIA.UPLOAD_TYPE_MISMATCH', 'invalid', `The upload must be sent with the declared Content-Type ${declared}.`, { declared }),
  uploadTooLarge: (declared: number) =>
    new DomainError('MEDIA.UPLOAD_TOO_LARGE', 'invalid', `The upload was larger than the ${declared} bytes declared: it was cut off and the asset rejected.`, {
      declared,
    }),
  localStoreOnly: () => new DomainError('MEDIA.NOT_LOCAL_STORE', 'not_found', 'Uploads go straight to the object store here, not to the api.'),
};
