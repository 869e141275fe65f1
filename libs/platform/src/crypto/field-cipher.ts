import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PLATFORM_SECRETS, type PlatformSecrets } from '../config/secrets.js';

const VERSION = 'v1';

interface FieldKey {
  readonly kid: string;
  readonly key: Buffer;
}

function fieldKey(secret: string): FieldKey {
  const key = Buffer.from(hkdfSync('sha256', secret, 'zhiku', 'field encryption', 32));
  return { key, kid: createHash('sha256').update(key).digest('base64url').slice(0, 8) };
}

/**
 * AES-256-GCM for sensitive fields at rest (a TOTP secret, a person's key): each value carries its
 * key id (`v1.<kid>.<iv>.<tag>.<ciphertext>`). DATA_ENCRYPTION_KEY writes; former keys listed in
 * DATA_PREVIOUS_ENCRYPTION_KEYS still read, until the rotation command has re-encrypted every value.
 */
@Injectable()
export class FieldCipher {
  private readonly current: FieldKey;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets, @Inject(APP_CONFIG) config: AppConfig) {
    const keys = [secrets.dataEncryptionKey, ...config.dataPreviousEncryptionKeys].map(fieldKey);
    this.current = keys[0]!;
    this.keys = new Map(keys.map(({ kid, key }) => [kid, key]));
  }

  /** What every value written under the current key starts with (to find the others). */
  get currentPrefix(): string {
    return `${VERSION}.${this.current.kid}.`;
  }

  /** `context` (a user id, a column) is authenticated too: a value copied to another row does not decrypt. */
  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.kid, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
  }

  decrypt(value: string, context: string): string {
    const [version, kid, iv, tag, body] = value.split('.');
    const key = version === VERSION ? this.keys.get(kid!) : undefined;
    if (!key) throw new Error(`field encrypted under an unknown key (${version}.${kid})`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url')).setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The value under the current key (as it is, if it is already). */
  reencrypt(value: string, context: string): string {
    return value.startsWith(this.currentPrefix) ? value : this.encrypt(this.decrypt(value, context), context);
  }
}
