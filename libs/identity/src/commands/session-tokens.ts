import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
 * event). Access tokens are short-lived JWTs.
 */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly accessTokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  /** Keeps the hash of a newly issued secret, in the transaction of the event that issued it. */
  async record(sessionId: string, generation: number, secret: string, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO identity_refresh_tokens (session_id, generation, token_hash, issued_at) VALUES ($1, $2, $3, now())`, [
      sessionId,
      generation,
      hashOf(secret),
    ]);
  }

  async issue(userId: string, roles: readonly Role[], sessionId: string, secret: string): Promise<IssuedTokens> {
    return {
      accessToken: await this.accessTokens.sign({ userId, roles }),
      refreshToken: `${sessionId}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
