import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IdentityErrors } from '../domain/identity.errors.js';

export type TokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

/** How long a mailed token works: a day to verify an email (or a new one), half an hour to reset a password. */
const LIFETIME_SECONDS: Record<TokenPurpose, number> = { 'verify-email': 86_400, 'reset-password': 1800, 'change-email': 86_400 };

/**
 * Single-use tokens mailed to a user (`<id>.<secret>`): only a SHA-256 of the secret is kept, with
 * the token's purpose and expiry. Using one marks it used in the transaction of what it allowed.
 */
@Injectable()
export class OneTimeTokens {
  /** `newEmail`: the address a `change-email` token proves (and only such a token has one). */
  async issue(userId: string, purpose: TokenPurpose, tx: EntityManager, newEmail: string | null = null): Promise<string> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await tx.query(
      `INSERT INTO identity_one_time_tokens (id, user_id, purpose, token_hash, expires_at, new_email)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6)`,
      [id, userId, purpose, hashOf(secret), LIFETIME_SECONDS[purpose], newEmail],
    );
    return `${id}.${secret}`;
  }

  /** The user a live, unused token of this purpose was issued to; it is used from now on. Anything else is IDENTITY.TOKEN_INVALID. */
  async use(token: string, purpose: TokenPurpose, tx: EntityManager): Promise<string> {
    return (await this.consume(token, purpose, tx)).userId;
  }

  /** Uses a `change-email` token: its user and the address it proves. */
  async useEmailChange(token: string, tx: EntityManager): Promise<{ userId: string; newEmail: string }> {
    const { userId, newEmail } = await this.consume(token, 'change-email', tx);
    return { userId, newEmail: newEmail! };
  }

  private async consume(token: string, purpose: TokenPurpose, tx: EntityManager): Promise<{ userId: string; newEmail: string | null }> {
    const [id, secret, ...rest] = token.split('.');
    if (!id || !secret || rest.length > 0 || !/^[0-9a-f-]{36}$/.test(id)) throw IdentityErrors.invalidMailedToken();
    const [row]: { user_id: string; token_hash: string; new_email: string | null }[] = await tx.query(
      `WITH used AS (
         UPDATE identity_one_time_tokens SET used_at = now()
          WHERE id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id, token_hash, new_email)
       SELECT * FROM used`,
      [id, purpose],
    );
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hashOf(secret)))) throw IdentityErrors.invalidMailedToken();
    return { userId: row.user_id, newEmail: row.new_email };
  }
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
