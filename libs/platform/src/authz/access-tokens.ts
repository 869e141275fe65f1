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
}

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
    const claims: AccessClaims = { sub: actor.userId, roles: [...actor.roles], typ: 'access' };
    return this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  /** The actor a token names, or null if it is not a valid, unexpired access token. */
  async verify(token: string): Promise<Actor | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
      const roles = claims.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
      return { userId: claims.sub, roles };
    } catch {
      return null;
    }
  }
}
