import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { type Role, ROLES } from '../domain/index.js';
import type { Actor } from './actor.js';

interface AccessClaims {
  sub: string;
  roles: Role[];
  typ: 'access';
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Signs and verifies short-lived access tokens (HS256 JWT carrying the caller's roles). */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(actor: Actor): Promise<string> {
    const claims: Omit<AccessClaims, 'exp'> = { sub: actor.userId, roles: [...actor.roles], typ: 'access' };
    return this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  /**
   * The actor a token claims to be, or null unless it is an access token we signed, with an expiry
   * still ahead and a user id for a subject. Whether that user may still act is the guard's question.
   */
  async verify(token: string): Promise<Actor | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessClaims>>(token, { algorithms: ['HS256'] });
      // jsonwebtoken accepts a token without `exp` as never expiring: ours always carry one.
      if (claims.typ !== 'access' || typeof claims.exp !== 'number') return null;
      if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Array.isArray(claims.roles)) return null;
      const roles = claims.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
      return { userId: claims.sub, roles };
    } catch {
      return null;
    }
  }
}
