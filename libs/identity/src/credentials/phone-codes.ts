import { Injectable } from '@nestjs/common';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { FieldCipher } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';

const LIFETIME_SECONDS = 600;
const RESEND_AFTER_SECONDS = 60;
const MAX_ATTEMPTS = 5;

/** What a texted code is for: proving a new number, or passing a sign-in (a second factor). */
export type PhoneCodePurpose = 'verify' | 'sign-in';

/**
 * Six-digit texted codes: one pending per user and purpose (a new one replaces it, not sooner than a
 * minute after the last), 10 minutes, five tries, used once; only a hash of the code is kept, and
 * the number encrypted.
 */
@Injectable()
export class PhoneCodes {
  constructor(private readonly cipher: FieldCipher) {}

  async issue(userId: string, phone: string, purpose: PhoneCodePurpose, tx: EntityManager): Promise<string> {
    const [last]: { wait: number }[] = await tx.query(
      `SELECT ceil(extract(epoch FROM sent_at + make_interval(secs => $2) - now()))::int AS wait FROM identity_phone_codes
        WHERE user_id = $1 AND purpose = $3 FOR UPDATE`,
      [userId, RESEND_AFTER_SECONDS, purpose],
    );
    if (last && last.wait > 0) throw IdentityErrors.phoneCodeTooSoon(last.wait);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.query(
      `INSERT INTO identity_phone_codes (user_id, purpose, phone_encrypted, code_hash, sent_at, expires_at)
       VALUES ($1, $5, $2, $3, now(), now() + make_interval(secs => $4))
       ON CONFLICT (user_id, purpose) DO UPDATE SET phone_encrypted = excluded.phone_encrypted, code_hash = excluded.code_hash,
         sent_at = excluded.sent_at, expires_at = excluded.expires_at, attempts = 0`,
      [userId, this.cipher.encrypt(phone, context(userId)), hashOf(userId, code), LIFETIME_SECONDS, purpose],
    );
    return code;
  }

  /** Whether the code passes (used up if so); a wrong one counts a try. */
  async check(userId: string, code: string, purpose: PhoneCodePurpose, manager: EntityManager): Promise<boolean> {
    return this.use(userId, code, purpose, manager).then(
      () => true,
      (error: unknown) => {
        if ((error as { code?: string }).code === 'IDENTITY.PHONE_CODE_INVALID') return false;
        throw error;
      },
    );
  }

  /** The number the code was texted to; it is used up. A wrong code counts a try (in its own statement, so it counts even when the caller's work fails). */
  async use(userId: string, code: string, purpose: PhoneCodePurpose, manager: EntityManager): Promise<string> {
    const [row]: { phone_encrypted: string; code_hash: string }[] = await manager.query(
      `WITH tried AS (
         UPDATE identity_phone_codes SET attempts = attempts + 1
          WHERE user_id = $1 AND purpose = $3 AND expires_at > now() AND attempts < $2 RETURNING phone_encrypted, code_hash)
       SELECT * FROM tried`,
      [userId, MAX_ATTEMPTS, purpose],
    );
    if (!row || !timingSafeEqual(Buffer.from(row.code_hash), Buffer.from(hashOf(userId, code)))) throw IdentityErrors.invalidPhoneCode();
    // Used up, but kept: when it was sent still paces the next one.
    await manager.query(`UPDATE identity_phone_codes SET expires_at = now() WHERE user_id = $1 AND purpose = $2`, [userId, purpose]);
    return this.cipher.decrypt(row.phone_encrypted, context(userId));
  }
}

const context = (userId: string) => `phone:${userId}`;
const hashOf = (userId: string, code: string) => createHash('sha256').update(`${userId}:${code}`).digest('hex');
