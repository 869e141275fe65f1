import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MediaSettings } from '#platform';
import { contentDisposition } from './content-disposition.js';
import type { PresigningStore, StoredObject, StoredUpload, UploadTarget } from './object-store.js';

type S3Settings = NonNullable<MediaSettings['s3']>;

const secondsUntil = (expiresAt: Date): number => Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));

const isStatus = (error: unknown, status: number): boolean => error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;

/**
 * Media in an S3-compatible bucket. Clients PUT straight to S3 with a presigned URL whose signature
 * binds Content-Type and Content-Length (S3 refuses any other); completing the upload reads the
 * object's real size back, so a store that does not enforce them is caught there. Playback, once
 * the api has checked its own user-bound URL, streams the object (or the range asked for) through
 * the api by default: no URL of the object leaves the server, so only that user gets the bytes.
 * With `delivery: 'redirect'` the api instead redirects to a presigned GET, which opens the object
 * to whoever holds it, so each one lives only `redirectUrlTtlSeconds` (seconds: long enough to
 * follow the redirect; S3 checks the expiry when a request starts, so a download under way goes on).
 */
export class S3Store implements PresigningStore {
  readonly kind = 's3' as const;
  readonly uploadsStayWritable = true;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly redirectUrlTtlSeconds: number;
  readonly delivery: 'stream' | 'redirect';

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.delivery = settings.delivery;
    this.redirectUrlTtlSeconds = settings.redirectUrlTtlSeconds;
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // A checksum computed now would be of an empty body and bound into the URL: S3 would refuse the real one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async uploadTarget(upload: StoredUpload, expiresAt: Date): Promise<UploadTarget> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: upload.storageKey, ContentType: upload.mimeType, ContentLength: upload.sizeBytes });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: secondsUntil(expiresAt),
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { method: 'PUT', url, headers: { 'content-type': upload.mimeType, 'content-length': String(upload.sizeBytes) }, expiresAt };
  }

  async sizeOf(storageKey: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: storageKey }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  async open(storageKey: string): Promise<StoredObject | null> {
    let head: HeadObjectCommandOutput;
    try {
      head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: storageKey }));
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
    const size = head.ContentLength ?? 0;
    const lastModified = head.LastModified ?? new Date(0);
    // S3's own entity tag (an MD5 of the bytes, or of their parts) is strong; a store that gives none gets one from size and time.
    const etag = head.ETag ?? `"${size.toString(16)}-${lastModified.getTime().toString(16)}"`;
    return {
      size,
      etag,
      lastModified,
      stream: async (range) => {
        try {
          const object = await this.client.send(
            new GetObjectCommand({
              Bucket: this.bucket,
              Key: storageKey,
              // Only the object described: replaced since the HEAD, S3 answers 412 and nothing of the new one is sent under the old tag.
              ...(head.ETag ? { IfMatch: head.ETag } : {}),
              ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
            }),
          );
          // In Node the SDK's body is the HTTP response itself: streamed on, never buffered.
          return (object.Body as Readable | undefined) ?? null;
        } catch (error) {
          if (isStatus(error, 404) || isStatus(error, 412)) return null;
          throw error;
        }
      },
      read: async (start, length) => {
        const object = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: storageKey, ...(head.ETag ? { IfMatch: head.ETag } : {}), Range: `bytes=${start}-${start + length - 1}` }),
        );
        return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      },
      close: async () => undefined,
    };
  }

  downloadUrl(storageKey: string, file: { mimeType: string; fileName: string; attachment: boolean }, expiresAt: Date): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: storageKey,
      ResponseContentType: file.mimeType,
      ResponseContentDisposition: contentDisposition(file.fileName, file.attachment),
    });
    return getSignedUrl(this.client, command, { expiresIn: Math.min(this.redirectUrlTtlSeconds, secondsUntil(expiresAt)) });
  }

  async remove(storageKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: storageKey }));
  }

  /** Nest calls this at shutdown: the client's kept-alive sockets to the store are closed with the process's other connections. */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}
