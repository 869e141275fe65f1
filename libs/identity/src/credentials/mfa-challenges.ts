import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';

/** A challenge lasts five minutes and survives five wrong codes. */
export const CHALLENGE_SECONDS = 300;
const MAX_WRONG_CODES = 5;

/**
 * The short-lived token a sign-in with the right password gets when the account has a second
 * factor: it stands for "password checked" and nothing more. Kept in Redis by its hash; used once.
 */
@Injectable()
export class MfaChallenges {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await whenReady(this.redis);
    await this.redis.multi().hset(this.key(token), 'userId', userId, 'wrong', 0).expire(this.key(token), CHALLENGE_SECONDS).exec();
    return token;
  }

  /** The user a live challenge stands for, without redeeming it (to text them a code). */
  async userOf(token: string): Promise<string> {
    await whenReady(this.redis);
    const userId = await this.redis.hget(this.key(token), 'userId');
    if (!userId) throw IdentityErrors.invalidMfaToken();
    return userId;
  }

  /** Redeems the challenge if `passes(userId)` says the second factor is right; a wrong one counts, five end it. */
  async redeem(token: string, passes: (userId: string) => Promise<boolean>): Promise<string> {
    await whenReady(this.redis);
    const userId = await this.redis.hget(this.key(token), 'userId');
    if (!userId) throw IdentityErrors.invalidMfaToken();
    if (await passes(userId)) {
      if ((await this.redis.del(this.key(token))) !== 1) throw IdentityErrors.invalidMfaToken(); // redeemed by a parallel request
      return userId;
    }
    if ((await this.redis.hincrby(this.key(token), 'wrong', 1)) >= MAX_WRONG_CODES) await this.redis.del(this.key(token));
    throw IdentityErrors.invalidMfaCode();
  }

  private key(token: string): string {
    return `${this.config.queuePrefix}:mfa-challenge:${createHash('sha256').update(token).digest('hex')}`;
  }
}
