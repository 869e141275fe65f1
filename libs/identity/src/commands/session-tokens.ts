import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AccessTokens, APP_CONFIG, type AppConfig, type Role } from '#platform';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Refresh tokens are `<sessionId>.<secret>`: the id finds the session stream, only a SHA-256 of
 * the secret is stored. Access tokens are short-lived JWTs.
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

  newSecret(): { secret: string; hash: string } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, hash: this.hash(secret) };
  }

  hash(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  }

  refreshExpiry(now: Date): string {
    return new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000).toISOString();
  }

  parse(refreshToken: string): { sessionId: string; secret: string } | null {
    const [sessionId, secret, ...rest] = refreshToken.split('.');
    if (rest.length > 0 || !sessionId || !secret || !UUID.test(sessionId)) return null;
    return { sessionId, secret };
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
