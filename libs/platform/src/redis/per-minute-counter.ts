import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS } from './redis.module.js';
import { whenReady } from './redis-connection.js';

const WINDOW_MS = 60_000;

/**
 * Takes ARGV[1] from every key's minute, or from none when one of them would go over its limit
 * (ARGV[i + 2]): a refused request is not counted. Counts expire with the window after next.
 */
const TAKE = `
local n = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') + n > tonumber(ARGV[i + 2]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('INCRBY', key, n)
  redis.call('PEXPIRE', key, tonumber(ARGV[2]))
end
return 1`;

/** One count to take from: `key` names what and whose (`social:messages:<userId>`), `limit` the most per minute. */
export interface MinuteBudget {
  readonly key: string;
  readonly limit: number;
}

/** Whether the request fits every budget, and the seconds until the next minute when it does not. */
export interface MinuteVerdict {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

/** Redis could not count: callers refuse (fail closed) rather than let everything through. */
export class CountUnavailable extends Error {}

/**
 * Fixed-window per-minute limits in Redis (posts, messages, suggestions, behaviour events), shared
 * by every api process. Each domain decides its budgets and its refusal; this only counts.
 */
@Injectable()
export class PerMinuteCounter {
  private readonly logger = new Logger(PerMinuteCounter.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Takes `amount` from each budget's current minute, all or nothing. */
  async take(budgets: readonly MinuteBudget[], amount = 1): Promise<MinuteVerdict> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const keys = budgets.map(({ key }) => `${this.config.queuePrefix}:${key}:${window}`);
    let allowed: unknown;
    try {
      await whenReady(this.redis);
      allowed = await this.redis.eval(TAKE, keys.length, ...keys, amount, 2 * WINDOW_MS, ...budgets.map(({ limit }) => limit));
    } catch (error) {
      this.logger.warn(`${budgets[0]?.key ?? 'a limit'} cannot be counted: ${(error as Error).message}`);
      throw new CountUnavailable();
    }
    return { allowed: allowed === 1, retryAfterSeconds: Math.ceil(((window + 1) * WINDOW_MS - now) / 1000) };
  }
}
