import type { Readable } from 'node:stream';

/** Where and how a client sends the bytes of a declared upload. */
export interface UploadTarget {
  readonly method: 'PUT';
  /** Absolute for an object store; relative to the api's own origin for the local store. */
  readonly url: string;
  /** Send exactly these headers (they are bound into the URL's signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: Date;
}

export interface StoredUpload {
  readonly assetId: string;
  readonly storageKey: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
}

export interface ByteRange {
  readonly start: number;
  /** Inclusive, as in HTTP. */
  readonly end: number;
}

/**
 * One stored object, opened to be served: what identifies its bytes (for ETag, Last-Modified and
 * conditional requests) and, once the api has decided what to send, those bytes.
 */
export interface StoredObject {
  readonly size: number;
  /** A strong entity tag, quoted: the same on every request while the bytes are the same, another once they change. */
  readonly etag: string;
  readonly lastModified: Date;
  /**
   * The bytes, or one range of them, of exactly the object described here: null when it is gone or
   * was replaced since (never another object's bytes under this one's tag). Called at most once.
   */
  stream(range: ByteRange | null): Promise<Readable | null>;
  /** Up to `length` bytes from `start` of exactly this object (fewer at its end); throws once it was replaced. Before `stream` only. */
  read(start: number, length: number): Promise<Buffer>;
  /** Lets go of the object when no bytes are sent (a 304, a HEAD, a 416); after `stream`, nothing to do. */
  close(): Promise<void>;
}

/**
 * The object store behind media: a directory of this machine (the default, served by the api
 * itself) or an S3-compatible bucket. Keys are made from asset ids only.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /**
   * Whether the uploader can still write an object after its upload was completed and checked (an S3
   * presigned PUT works until it expires): then a ready asset is bound to the entity tag of the object
   * checked, and no other bytes are served for it. The local store takes one upload per asset.
   */
  readonly uploadsStayWritable: boolean;
  /** A short-lived URL the creator's client PUTs the declared bytes to. */
  uploadTarget(upload: StoredUpload, expiresAt: Date): Promise<UploadTarget>;
  /** The size of a stored object, or null when there is none. */
  sizeOf(storageKey: string): Promise<number | null>;
  /** Removes an object; nothing there is fine. */
  remove(storageKey: string): Promise<void>;
  /** An object to serve, described before any byte is read; null when there is no such object. */
  open(storageKey: string): Promise<StoredObject | null>;
}

/** A store whose bytes the api serves itself (the local one). */
export interface ServedStore extends ObjectStore {
  readonly kind: 'local';
  /** Streams the bytes of a client's PUT into place, never more than declared. */
  receive(upload: StoredUpload, body: Readable): Promise<'stored' | 'too-large'>;
}

/** A store that can also hand out its own short-lived download URLs (S3), when MEDIA_S3_DELIVERY=redirect. */
export interface PresigningStore extends ObjectStore {
  readonly kind: 's3';
  /** `stream`: playback goes through the api (no object URL leaves the server); `redirect`: to a presigned GET. */
  readonly delivery: 'stream' | 'redirect';
  /** A URL valid for seconds only, and never beyond `expiresAt` (the expiry of the api's own URL it is followed from). */
  downloadUrl(storageKey: string, file: { mimeType: string; fileName: string; attachment: boolean }, expiresAt: Date): Promise<string>;
}

export type MediaStore = ServedStore | PresigningStore;

export const OBJECT_STORE = Symbol('MEDIA_OBJECT_STORE');
