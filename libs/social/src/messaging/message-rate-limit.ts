import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import { SocialErrors } from '../domain/social.errors.js';

const WINDOW_MS = 60_000;

/** Counts one attempt and says whether it is within the limit; the count expires with its window. */
const TAKE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return used`;

/**
 * Direct messages one sender may send per minute (SOCIAL_MESSAGES_PER_MINUTE), counted in Redis
 * so every api process shares the count. Every attempt counts, refused ones too: probing who may
 * be messaged costs the same as messaging.
 */
@Injectable()
export class MessageRateLimit {
  private readonly logger = new Logger(MessageRateLimit.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(senderId: string): Promise<void> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const used = await this.count(`${this.config.queuePrefix}:social:messages:${senderId}:${window}`);
    if (used > this.config.social.messagesPerMinute) throw SocialErrors.rateLimited(Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  }

  /** Without Redis nothing can be counted, so nothing is let through: sending fails closed (503). */
  private async count(key: string): Promise<number> {
    try {
      await whenReady(this.redis);
      return Number(await this.redis.eval(TAKE, 1, key, 2 * WINDOW_MS));
    } catch (error) {
      this.logger.warn(`message rate limit unavailable: ${(error as Error).message}`);
      throw SocialErrors.busy();
    }
  }
}
