import { createHash } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaErrors } from '../domain/media.errors.js';
import type { MediaUrls } from './media-urls.js';
import type { ServedStore, StoredObject, StoredUpload, UploadTarget } from './object-store.js';

class LargerThanDeclared extends Error {}

/**
 * Media in a directory of this machine: the default, so `npm start` needs nothing else. Clients
 * PUT to the api (a signed URL), which streams the body to `<key>.part` (opened exclusively: a
 * second upload at once is refused) counting bytes as they come, and moves it into place only
 * when exactly the declared size arrived. Anything else leaves nothing behind.
 */
export class LocalDiskStore implements ServedStore {
  readonly kind = 'local' as const;
  readonly uploadsStayWritable = false;
  private readonly root: string;

  constructor(
    dir: string,
    private readonly urls: MediaUrls,
  ) {
    this.root = resolve(dir);
  }

  async uploadTarget(upload: StoredUpload, expiresAt: Date): Promise<UploadTarget> {
    return {
      method: 'PUT',
      url: this.urls.uploadUrl(upload.assetId, expiresAt),
      headers: { 'content-type': upload.mimeType, 'content-length': String(upload.sizeBytes) },
      expiresAt,
    };
  }

  async receive(upload: StoredUpload, body: Readable): Promise<'stored' | 'too-large'> {
    const target = this.pathOf(upload.storageKey);
    const part = `${target}.part`;
    await mkdir(dirname(target), { recursive: true });
    const file = await open(part, 'wx').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? MediaErrors.uploadInProgress() : error;
    });
    let received = 0;
    try {
      // Checked once the part is ours: an upload that finished while we waited is seen here.
      if (await exists(target)) throw MediaErrors.alreadyUploaded();
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          done(received > upload.sizeBytes ? new LargerThanDeclared() : null, chunk);
        },
      });
      await pipeline(body, limit, createWriteStream('', { fd: file }));
      if (received !== upload.sizeBytes) throw MediaErrors.uploadSizeMismatch(upload.sizeBytes);
      await rename(part, target);
      return 'stored';
    } catch (error) {
      await rm(part, { force: true });
      if (error instanceof LargerThanDeclared) return 'too-large';
      throw error;
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  async sizeOf(storageKey: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(storageKey))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async open(storageKey: string): Promise<StoredObject | null> {
    // Opened before any header is sent, so a missing file is a 404, not a cut-off 200; described from
    // the open file itself, so the tag and the bytes are those of one file even if it were replaced meanwhile.
    const file = await open(this.pathOf(storageKey), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!file) return null;
    const stats = await file.stat().catch(async (error: unknown) => {
      await file.close();
      throw error;
    });
    let handedOver = false;
    return {
      size: stats.size,
      etag: localEntityTag(stats),
      lastModified: stats.mtime,
      stream: async (range) => {
        handedOver = true;
        // The stream closes the file when it ends or is destroyed (a player gone mid-download).
        return file.createReadStream(range ? { start: range.start, end: range.end } : {});
      },
      read: async (start, length) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await file.read(buffer, 0, length, start);
        return buffer.subarray(0, bytesRead);
      },
      close: async () => {
        if (!handedOver) await file.close().catch(() => undefined);
      },
    };
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  /** Keys are made from asset ids; still, none may lead outside the directory. */
  private pathOf(storageKey: string): string {
    const path = resolve(this.root, storageKey);
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key outside the media directory: ${storageKey}`);
    return path;
  }
}

/**
 * A strong entity tag for a file of this store: its identity (device, inode) with its size and
 * modification time, hashed (no inode number leaves the server). An asset's file is written once
 * (moved into place whole), so this changes exactly when the bytes could have.
 */
function localEntityTag(stats: Stats): string {
  const identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  return `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
