import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS } from './redis.module.js';
import { whenReady } from './redis-connection.js';

const WINDOW_MS = 60_000;

/** Counts one use in the key's minute; the count expires with the window after next. */
const TAKE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return used`;

/** Uses counted in the current minute (this one included), and the seconds until the next minute. */
export interface MinuteCount {
  readonly used: number;
  readonly retryAfterSeconds: number;
}

/** Redis could not count: callers refuse (fail closed) rather than let everything through. */
export class CountUnavailable extends Error {}

/**
 * Fixed-window per-minute counts in Redis (posts, messages, suggestions), shared by every api
 * process. Each domain decides its limit and its refusal; this only counts.
 */
@Injectable()
export class PerMinuteCounter {
  private readonly logger = new Logger(PerMinuteCounter.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one use of `scope` (e.g. `social:messages`) by `who` in the current minute. */
  async take(scope: string, who: string): Promise<MinuteCount> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${this.config.queuePrefix}:${scope}:${who}:${window}`;
    try {
      await whenReady(this.redis);
      const used = Number(await this.redis.eval(TAKE, 1, key, 2 * WINDOW_MS));
      return { used, retryAfterSeconds: Math.ceil(((window + 1) * WINDOW_MS - now) / 1000) };
    } catch (error) {
      this.logger.warn(`${scope} cannot be counted: ${(error as Error).message}`);
      throw new CountUnavailable(scope);
    }
  }
}
