import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import type { AuthorizationChecks } from './oidc-providers.js';

/** A sign-in at a provider lasts ten minutes from its start. */
const PENDING_SECONDS = 600;

/** A sign-in started at a provider, waiting for the browser to come back with a code. */
export interface PendingSignIn extends AuthorizationChecks {
  provider: string;
  /** Set when a signed-in user links a provider account from /me: the account it links to. */
  linkTo: string | null;
}

/**
 * The pending sign-ins, in Redis under a hash of their `state`: nothing about them travels through
 * the browser but the state itself, each is taken once (GETDEL), and each expires on its own.
 */
@Injectable()
export class OidcSignIns {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async hold(pending: PendingSignIn): Promise<void> {
    await whenReady(this.redis);
    await this.redis.set(this.key(pending.state), JSON.stringify(pending), 'EX', PENDING_SECONDS);
  }

  /** The pending sign-in of this state, which no other call can take again; null if unknown, expired or taken. */
  async take(state: string): Promise<PendingSignIn | null> {
    await whenReady(this.redis);
    const held = await this.redis.getdel(this.key(state));
    return held === null ? null : (JSON.parse(held) as PendingSignIn);
  }

  private key(state: string): string {
    return `${this.config.queuePrefix}:oidc-sign-in:${createHash('sha256').update(state).digest('hex')}`;
  }
}
