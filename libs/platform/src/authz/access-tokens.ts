import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PLATFORM_SECRETS, type PlatformSecrets } from '../config/secrets.js';
import { type Role, ROLES } from '../domain/index.js';
import type { Actor } from './actor.js';

interface AccessClaims {
  sub: string;
  sid: string;
  roles: Role[];
  typ: 'access';
  exp: number;
  /** When the session last passed a second factor (epoch seconds), if ever. */
  mfa?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SigningKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** A key's id: a short digest of it, so the same secret has the same id in every process and nothing of it shows. */
const keyIdOf = (secret: string) => createHash('sha256').update(`zhiku access token key\n${secret}`).digest('base64url').slice(0, 12);

/**
 * Signs and verifies short-lived access tokens (HS256 JWT carrying the caller's roles and session).
 * Each token names its key (`kid`): the current JWT_SECRET signs, and former ones listed in
 * JWT_PREVIOUS_SECRETS still verify, so the secret can be rotated without signing anyone out.
 */
@Injectable()
export class AccessTokens {
  private readonly signing: SigningKey;
  private readonly verifying: ReadonlyMap<string, KeyObject>;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PLATFORM_SECRETS) secrets: PlatformSecrets,
  ) {
    // Key objects built once: given a string, jsonwebtoken re-derives a key on every call.
    const keys = [secrets.jwtSecret, ...config.jwtPreviousSecrets].map((secret) => ({
      kid: keyIdOf(secret),
      key: createSecretKey(Buffer.from(secret, 'utf8')),
    }));
    this.signing = keys[0]!;
    this.verifying = new Map(keys.map(({ kid, key }) => [kid, key]));
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(actor: Actor & { sessionId: string }): Promise<string> {
    const claims: Omit<AccessClaims, 'exp'> = {
      sub: actor.userId,
      sid: actor.sessionId,
      roles: [...actor.roles],
      typ: 'access',
      ...(actor.mfaAt === undefined ? {} : { mfa: actor.mfaAt }),
    };
    return this.jwt.signAsync(claims, {
      secret: this.signing.key as never,
      algorithm: 'HS256',
      keyid: this.signing.kid,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
  }

  /**
   * The actor a token claims to be, or null unless it is an access token signed with one of our
   * keys (named by its `kid`), with an expiry still ahead, a user id for a subject and a session.
   * Whether that user and session may still act is the guard's question.
   */
  async verify(token: string): Promise<Actor | null> {
    try {
      const { kid } = this.jwt.decode<{ header?: { kid?: unknown } }>(token, { complete: true })?.header ?? {};
      const key = typeof kid === 'string' ? this.verifying.get(kid) : undefined;
      if (!key) return null;
      const claims = await this.jwt.verifyAsync<Partial<AccessClaims>>(token, { secret: key as never, algorithms: ['HS256'] });
      // jsonwebtoken accepts a token without `exp` as never expiring: ours always carry one.
      if (claims.typ !== 'access' || typeof claims.exp !== 'number') return null;
      if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Array.isArray(claims.roles)) return null;
      if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) return null;
      const roles = claims.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
      return { userId: claims.sub, roles, sessionId: claims.sid, ...(typeof claims.mfa === 'number' ? { mfaAt: claims.mfa } : {}) };
    } catch {
      return null;
    }
  }
}
