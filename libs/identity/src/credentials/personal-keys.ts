import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { FieldCipher, type PersonalDataVault, ProvidesPersonalData } from '#platform';

/**
 * The platform's PersonalDataVault: a person's data inside events is sealed (AES-256-GCM, their id
 * authenticated) with a key of their own, kept wrapped by the data encryption key. Erasing the
 * account deletes the key: the events stay, the data in them is gone for good.
 */
@Injectable()
@ProvidesPersonalData()
export class PersonalKeys implements PersonalDataVault {
  constructor(private readonly cipher: FieldCipher) {}

  async seal(userId: string, values: readonly string[], manager: EntityManager): Promise<string[]> {
    await manager.query(`INSERT INTO identity_personal_keys (user_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`, [
      userId,
      this.cipher.encrypt(randomBytes(32).toString('base64url'), context(userId)),
    ]);
    const key = (await this.keyOf(userId, manager))!;
    return values.map((value) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(userId));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
    });
  }

  async open(userId: string, sealed: readonly string[], manager: EntityManager): Promise<(string | null)[]> {
    const key = await this.keyOf(userId, manager);
    return sealed.map((value) => {
      if (!key) return null;
      const [iv, tag, body] = value.split('.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url')).setAAD(Buffer.from(userId));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8');
    });
  }

  /** Crypto-shredding: what was sealed with the key can never be read again. */
  async destroy(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM identity_personal_keys WHERE user_id = $1`, [userId]);
  }

  private async keyOf(userId: string, manager: EntityManager): Promise<Buffer | null> {
    const [row]: { wrapped_key: string }[] = await manager.query(`SELECT wrapped_key FROM identity_personal_keys WHERE user_id = $1`, [userId]);
    return row ? Buffer.from(this.cipher.decrypt(row.wrapped_key, context(userId)), 'base64url') : null;
  }
}

const context = (userId: string) => `personal-key:${userId}`;
