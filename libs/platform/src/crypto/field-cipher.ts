import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { PLATFORM_SECRETS, type PlatformSecrets } from '../config/secrets.js';

const VERSION = 'v1';

/**
 * AES-256-GCM for sensitive fields at rest (a TOTP secret, a phone number): each value carries its
 * key id (`v1.<kid>.<iv>.<tag>.<ciphertext>`), so a value written under an older key is still read
 * once a new one is configured.
 */
@Injectable()
export class FieldCipher {
  private readonly kid: string;
  private readonly key: Buffer;

  constructor(@Inject(PLATFORM_SECRETS) secrets: PlatformSecrets) {
    this.key = Buffer.from(hkdfSync('sha256', secrets.dataEncryptionKey, 'zhiku', 'field encryption', 32));
    this.kid = createHash('sha256').update(this.key).digest('base64url').slice(0, 8);
  }

  /** `context` (a user id, a column) is authenticated too: a value copied to another row does not decrypt. */
  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.kid, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
  }

  decrypt(value: string, context: string): string {
    const [version, kid, iv, tag, body] = value.split('.');
    if (version !== VERSION || kid !== this.kid) throw new Error(`field encrypted under an unknown key (${version}.${kid})`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv!, 'base64url')).setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8');
  }
}
