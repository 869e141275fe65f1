import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import { CommunityErrors } from '../domain/community.errors.js';

const WINDOW_MS = 60_000;

/** Counts one post in the user's current minute and says whether it is still within the limit. */
const TAKE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return used`;

/**
 * Posts (comments, replies, edits, reviews, reports) per user per minute, counted in Redis so every
 * api process shares the count. Without Redis nothing is let through (503): spam does not get in
 * while the limit cannot be counted.
 */
@Injectable()
export class PostingRateLimit {
  private readonly logger = new Logger(PostingRateLimit.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(userId: string): Promise<void> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${this.config.queuePrefix}:community:posts:${userId}:${window}`;
    let used: number;
    try {
      await whenReady(this.redis);
      used = Number(await this.redis.eval(TAKE, 1, key, 2 * WINDOW_MS));
    } catch (error) {
      this.logger.warn(`posting rate limits unavailable: ${(error as Error).message}`);
      throw CommunityErrors.busy();
    }
    if (used > this.config.community.postsPerMinute) throw CommunityErrors.rateLimited(Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  }
}
