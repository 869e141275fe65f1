import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { PLATFORM_SECRETS, type PlatformSecrets } from '#platform';
import { MediaErrors } from '../domain/media.errors.js';

export const UPLOADS_PATH = '/api/v1/media/uploads';
export const FILES_PATH = '/api/v1/media/files';
/** Whom a playback URL issued to a signed-out caller is bound to: no user id (a UUID) is ever this. */
export const ANONYMOUS = 'anonymous';

/**
 * Signs the api's own media URLs: an upload URL covers the asset and its expiry; a playback URL
 * the asset, the user it was issued to (or ANONYMOUS, for a preview lesson's media asked for
 * signed out), and its expiry, so the same URL under another user's token (a forwarded link) is refused. The key is derived from the token-signing secret
 * (HKDF, its own label), so no new secret needs handing out.
 */
@Injectable()
export class MediaUrls {
  private readonly key: Buffer;

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets) {
    this.key = Buffer.from(hkdfSync('sha256', secrets.jwtSecret, 'zhiku-media', 'media-url-signatures-v1', 32));
  }

  uploadUrl(assetId: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `${UPLOADS_PATH}/${assetId}?expires=${expires}&signature=${this.sign(['put', assetId, String(expires)])}`;
  }

  playbackUrl(assetId: string, userId: string | typeof ANONYMOUS, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `${FILES_PATH}/${assetId}?expires=${expires}&signature=${this.sign(['get', assetId, userId, String(expires)])}`;
  }

  /** Throws unless the upload URL was signed by us for this asset and is still valid. */
  verifyUpload(assetId: string, expires: number, signature: string, now: Date): void {
    this.verify(['put', assetId, String(expires)], expires, signature, now);
  }

  /** Throws unless the playback URL was signed by us for this asset and this user, and is still valid; answers its expiry. */
  verifyPlayback(assetId: string, userId: string | typeof ANONYMOUS, expires: number, signature: string, now: Date): Date {
    this.verify(['get', assetId, userId, String(expires)], expires, signature, now);
    return new Date(expires * 1000);
  }

  private verify(parts: string[], expires: number, signature: string, now: Date): void {
    const expected = Buffer.from(this.sign(parts));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw MediaErrors.urlInvalid();
    if (expires * 1000 <= now.getTime()) throw MediaErrors.urlExpired();
  }

  private sign(parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\n')).digest('base64url');
  }
}
