import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';

const WINDOW_MS = 60_000;

/** Takes one request from each key's minute unless one of them is spent; a refused request is not counted. */
const TAKE = `
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('PEXPIRE', key, tonumber(ARGV[1]))
end
return 1`;

/**
 * Suggestion requests per client address and per signed-in user in one-minute windows (Redis,
 * shared by every api process): a client sends one per keystroke, so this is the search route a
 * script could hammer cheapest. Without Redis nothing is let through (503), like the other limits.
 */
@Injectable()
export class SuggestionRateLimit {
  private readonly logger = new Logger(SuggestionRateLimit.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(userId: string | null, clientIp: string | null): Promise<void> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const { suggestionsPerMinutePerUser, suggestionsPerMinutePerIp } = this.config.search;
    const keys = [`${this.config.queuePrefix}:catalog:suggestions:ip:${clientIp ?? 'unknown'}:${window}`];
    const limits = [suggestionsPerMinutePerIp];
    if (userId) {
      keys.push(`${this.config.queuePrefix}:catalog:suggestions:user:${userId}:${window}`);
      limits.push(suggestionsPerMinutePerUser);
    }
    let allowed: unknown;
    try {
      await whenReady(this.redis);
      allowed = await this.redis.eval(TAKE, keys.length, ...keys, 2 * WINDOW_MS, ...limits);
    } catch (error) {
      this.logger.warn(`suggestion rate limits unavailable: ${(error as Error).message}`);
      throw CatalogErrors.busy();
    }
    if (allowed !== 1) throw CatalogErrors.suggestionsRateLimited(Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  }
}
