import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AccessTokens, APP_CONFIG, type AppConfig, type Role } from '#platform';
import type { PresentedGeneration } from '../domain/session.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Refresh tokens are `<sessionId>.<secret>`: the id finds the session, and only a SHA-256 of the
 * secret is kept, in identity_refresh_tokens with the generation it was issued as (never in an
 * event). Access tokens are short-lived JWTs naming their session.
 *
 * The tokens a rotation answered are kept beside the new generation for the grace window, sealed
 * (AES-256-GCM) with a key derived from the secret they replaced: only whoever holds that old
 * token can open them, and the database alone (which has only its hash) cannot.
 */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly accessTokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get graceSeconds(): number {
    return this.config.refreshReuseGraceSeconds;
  }

  newSessionId(): string {
    return randomUUID();
  }

  newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  refreshExpiry(now: Date): string {
    return new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000).toISOString();
  }

  parse(refreshToken: string): { sessionId: string; secret: string } | null {
    const [sessionId, secret, ...rest] = refreshToken.split('.');
    if (rest.length > 0 || !sessionId || !secret || !UUID.test(sessionId)) return null;
    return { sessionId, secret };
  }

  /** The generation this secret was issued as for the session, or null if it never was. */
  async generationOf(sessionId: string, secret: string, manager: EntityManager): Promise<PresentedGeneration> {
    const [row]: { generation: number }[] = await manager.query(
      `SELECT generation FROM identity_refresh_tokens WHERE session_id = $1 AND token_hash = $2`,
      [sessionId, hashOf(secret)],
    );
    return row?.generation ?? null;
  }

  /**
   * Keeps the hash of a newly issued secret, in the transaction of the event that issued it; for a
   * rotation, the answer sealed with the replaced secret too, and forgets the answers of older ones.
   */
  async record(sessionId: string, generation: number, secret: string, tx: EntityManager, answered?: { tokens: IssuedTokens; replacedSecret: string }): Promise<void> {
    const sealed = answered ? seal(JSON.stringify(answered.tokens), answered.replacedSecret, sessionId) : null;
    await tx.query(
      `INSERT INTO identity_refresh_tokens (session_id, generation, token_hash, issued_at, grace_response) VALUES ($1, $2, $3, now(), $4)`,
      [sessionId, generation, hashOf(secret), sealed],
    );
    await tx.query(`UPDATE identity_refresh_tokens SET grace_response = NULL WHERE session_id = $1 AND generation < $2 AND grace_response IS NOT NULL`, [
      sessionId,
      generation,
    ]);
  }

  /** The tokens generation `generation` was answered with, opened with the secret it replaced; null if there are none. */
  async answeredWith(sessionId: string, generation: number, replacedSecret: string, manager: EntityManager): Promise<IssuedTokens | null> {
    const [row]: { grace_response: string | null }[] = await manager.query(
      `SELECT grace_response FROM identity_refresh_tokens WHERE session_id = $1 AND generation = $2`,
      [sessionId, generation],
    );
    return row?.grace_response ? (JSON.parse(open(row.grace_response, replacedSecret, sessionId)) as IssuedTokens) : null;
  }

  /** Locks the session's token rows until the transaction ends: refreshes of one session take turns. */
  async lock(sessionId: string, tx: EntityManager): Promise<void> {
    await tx.query(`SELECT generation FROM identity_refresh_tokens WHERE session_id = $1 FOR UPDATE`, [sessionId]);
  }

  /** `mfaAt`: when the session last passed a second factor (ISO), carried by the access token. */
  async issue(userId: string, roles: readonly Role[], sessionId: string, secret: string, mfaAt: string | null): Promise<IssuedTokens> {
    return {
      accessToken: await this.accessToken(userId, roles, sessionId, mfaAt),
      refreshToken: `${sessionId}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }

  accessToken(userId: string, roles: readonly Role[], sessionId: string, mfaAt: string | null): Promise<string> {
    return this.accessTokens.sign({ userId, roles, sessionId, ...(mfaAt ? { mfaAt: Math.floor(Date.parse(mfaAt) / 1000) } : {}) });
  }

  get accessTokenTtlSeconds(): number {
    return this.accessTokens.ttlSeconds;
  }
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

const sealingKey = (secret: string, sessionId: string) =>
  Buffer.from(hkdfSync('sha256', secret, sessionId, 'zhiku refresh grace answer', 32));

function seal(plaintext: string, secret: string, sessionId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret, sessionId), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

function open(sealed: string, secret: string, sessionId: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret, sessionId), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}
