import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS, whenReady } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';

/** Once the free failures are spent, each further one doubles the wait, up to this. */
const MAX_DELAY_MS = 60_000;
/** How long a sign-in waits for Redis to (re)connect before it is refused with 503. */

/** Counts one failure on a key: a few free, then a doubling delay before the next attempt, then a lock. Returns 1 if it locks. */
const COUNT_FAILURE = `
local function countFailure(key, now, window, lock, base, free, lockAfter)
  local failures = redis.call('HINCRBY', key, 'failures', 1)
  local delay = 0
  if failures > free then delay = math.min(base * 2 ^ (failures - free - 1), ${MAX_DELAY_MS}) end
  redis.call('HSET', key, 'next', now + delay)
  redis.call('PEXPIRE', key, window)
  if failures >= lockAfter then
    redis.call('HSET', key, 'locked', now + lock)
    return 1
  end
  return 0
end`;

/**
 * Reserves one attempt, atomically: refused while the account or the address is locked or waiting
 * out its delay. Otherwise the attempt counts as a failure of the account at once, so parallel
 * guesses at one account cannot all slip through before the first one fails; a success takes it
 * back. (The address counts failures only once they are failures: many people behind one address
 * signing in at once are not an attack.)
 */
const RESERVE = `${COUNT_FAILURE}
local now = tonumber(ARGV[1])
local lockedUntil, nextAt = 0, 0
for i = 1, 2 do
  local v = redis.call('HMGET', KEYS[i], 'next', 'locked')
  nextAt = math.max(nextAt, tonumber(v[1]) or 0)
  lockedUntil = math.max(lockedUntil, tonumber(v[2]) or 0)
end
if lockedUntil > now then return {'locked', lockedUntil - now} end
if nextAt > now then return {'wait', nextAt - now} end
return {'go', countFailure(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))}`;

/** A failed attempt counts against its address too. */
const FAILED = `${COUNT_FAILURE}
return countFailure(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))`;

export interface Reservation {
  /** This attempt reached the account's lock threshold: if it fails, the account is now locked. */
  readonly locksAccount: boolean;
  /** The password was right: the account starts afresh (a lock this attempt reached is lifted with it). */
  succeeded(): Promise<void>;
  /** The password was wrong: it counts against the address too; true if that locks the address. */
  failed(): Promise<{ locksAddress: boolean }>;
}


/**
 * Sign-in throttling in Redis, per account and per client address: a few failures free, then a
 * delay that doubles with each failure, then a lock. Keyed by the email as typed (normalised and
 * hashed), never by whether an account has it, so an unknown email is throttled exactly like a
 * known one and the answers reveal nothing. A refused attempt costs no password hash.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get lockSeconds(): number {
    return this.config.login.lockSeconds;
  }

  async reserve(email: string, clientIp: string | null): Promise<Reservation> {
    const account = this.key('account', email.trim().toLowerCase());
    const address = this.key('ip', clientIp ?? 'unknown');
    const { login } = this.config;
    const lockMs = login.lockSeconds * 1000;
    const [verdict, value] = (await this.run(RESERVE, [account, address], [
      Date.now(),
      lockMs,
      login.delayBaseMs,
      login.accountFreeFailures,
      login.accountLockFailures,
    ])) as [string, number];
    if (verdict === 'locked') throw IdentityErrors.loginLocked(Math.ceil(value / 1000));
    if (verdict === 'wait') throw IdentityErrors.loginThrottled(Math.ceil(value / 1000));
    return {
      locksAccount: value === 1,
      succeeded: async () => {
        await this.run('redis.call("DEL", KEYS[1])', [account], []);
      },
      failed: async () => {
        const locked = await this.run(FAILED, [address], [Date.now(), lockMs, login.delayBaseMs, login.ipFreeFailures, login.ipLockFailures]);
        return { locksAddress: locked === 1 };
      },
    };
  }

  /** The email's failures and lock are forgotten (its password was just reset by its owner). */
  async forget(email: string): Promise<void> {
    await this.run('redis.call("DEL", KEYS[1])', [this.key('account', email.trim().toLowerCase())], []);
  }

  private key(scope: 'account' | 'ip', value: string): string {
    return `${this.config.queuePrefix}:login:${scope}:${createHash('sha256').update(value).digest('hex')}`;
  }

  /** Without Redis no attempt can be counted, so none is let through: sign-in fails closed (503). */
  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      await whenReady(this.redis);
      return await this.redis.eval(script, keys.length, ...keys, ...args);
    } catch (error) {
      this.logger.warn(`sign-in throttling unavailable: ${(error as Error).message}`);
      throw IdentityErrors.busy();
    }
  }
}
