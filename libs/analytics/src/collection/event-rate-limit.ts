import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';

const WINDOW_MS = 60_000;

/**
 * Counts behaviour events per signed-in user and per client address in one-minute windows
 * (Redis, shared by every api process). A batch that would go over either limit is refused
 * whole and not counted: the client sends it again after Retry-After.
 */
const TAKE = `
local n = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used + n > tonumber(ARGV[i + 2]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('INCRBY', key, n)
  redis.call('PEXPIRE', key, tonumber(ARGV[2]))
end
return 1`;

@Injectable()
export class EventRateLimit {
  private readonly logger = new Logger(EventRateLimit.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(events: number, userId: string | null, clientIp: string | null): Promise<void> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const { eventsPerMinutePerUser, eventsPerMinutePerIp } = this.config.analytics;
    const keys = [`${this.config.queuePrefix}:analytics:rate:ip:${clientIp ?? 'unknown'}:${window}`];
    const limits = [eventsPerMinutePerIp];
    if (userId) {
      keys.push(`${this.config.queuePrefix}:analytics:rate:user:${userId}:${window}`);
      limits.push(eventsPerMinutePerUser);
    }
    const allowed = await this.count(keys, [events, 2 * WINDOW_MS, ...limits]);
    if (allowed !== 1) throw AnalyticsErrors.rateLimited(Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  }

  /** Without Redis nothing can be counted, so nothing is let through: collection fails closed (503) and clients send again. */
  private async count(keys: string[], args: number[]): Promise<unknown> {
    try {
      await whenReady(this.redis);
      return await this.redis.eval(TAKE, keys.length, ...keys, ...args);
    } catch (error) {
      this.logger.warn(`event rate limits unavailable: ${(error as Error).message}`);
      throw AnalyticsErrors.busy();
    }
  }
}
