import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig, REDIS } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';

/** Once the free failures are spent, each further one doubles the wait, up to this. */
const MAX_DELAY_MS = 60_000;

/**
 * Reserves one attempt for an account and an address, atomically: refused while either is locked
 * or waiting out its delay; otherwise counted as a failure at once (so parallel attempts cannot all
 * slip through before the first fails), with the next allowed time and, at the threshold, a lock.
 * Returns which of the two this attempt has just locked.
 */
const RESERVE = `
local now, window, lock, base = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local free, lockAfter = {tonumber(ARGV[5]), tonumber(ARGV[6])}, {tonumber(ARGV[7]), tonumber(ARGV[8])}
local states = {}
for i = 1, 2 do
  local v = redis.call('HMGET', KEYS[i], 'failures', 'next', 'locked')
  states[i] = {tonumber(v[1]) or 0, tonumber(v[2]) or 0, tonumber(v[3]) or 0}
end
local lockedUntil = math.max(states[1][3], states[2][3])
if lockedUntil > now then return {'locked', lockedUntil - now} end
local nextAt = math.max(states[1][2], states[2][2])
if nextAt > now then return {'wait', nextAt - now} end
local locked = {0, 0}
for i = 1, 2 do
  local failures = states[i][1] + 1
  local delay = 0
  if failures > free[i] then delay = math.min(base * 2 ^ (failures - free[i] - 1), ${MAX_DELAY_MS}) end
  redis.call('HSET', KEYS[i], 'failures', failures, 'next', now + delay)
  if failures >= lockAfter[i] then
    redis.call('HSET', KEYS[i], 'locked', now + lock)
    locked[i] = 1
  end
  redis.call('PEXPIRE', KEYS[i], window)
end
return {'go', locked[1], locked[2]}`;

/** A success was no failure: the account starts afresh, the address gets its attempt back (and any lock it caused). */
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
local failures = redis.call('HINCRBY', KEYS[2], 'failures', -1)
if failures < tonumber(ARGV[1]) then redis.call('HDEL', KEYS[2], 'locked') end
return failures`;

export interface Reservation {
  /** This attempt reached the lock threshold of the account / the address: if it fails, that is now locked. */
  readonly locksAccount: boolean;
  readonly locksAddress: boolean;
  succeeded(): Promise<void>;
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
  private connecting: Promise<void> | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get lockSeconds(): number {
    return this.config.login.lockSeconds;
  }

  async reserve(email: string, clientIp: string | null): Promise<Reservation> {
    const keys = [this.key('account', email.trim().toLowerCase()), this.key('ip', clientIp ?? 'unknown')];
    const { login } = this.config;
    const lockMs = login.lockSeconds * 1000;
    const [verdict, a, b] = (await this.run(RESERVE, keys, [
      Date.now(),
      lockMs,
      lockMs,
      login.delayBaseMs,
      login.accountFreeFailures,
      login.ipFreeFailures,
      login.accountLockFailures,
      login.ipLockFailures,
    ])) as [string, number, number];
    if (verdict === 'locked') throw IdentityErrors.loginLocked(Math.ceil(a / 1000));
    if (verdict === 'wait') throw IdentityErrors.loginThrottled(Math.ceil(a / 1000));
    return {
      locksAccount: a === 1,
      locksAddress: b === 1,
      succeeded: async () => {
        await this.run(SUCCEEDED, keys, [login.ipLockFailures]);
      },
    };
  }

  private key(scope: 'account' | 'ip', value: string): string {
    return `${this.config.queuePrefix}:login:${scope}:${createHash('sha256').update(value).digest('hex')}`;
  }

  /** Without Redis no attempt can be counted, so none is let through: sign-in fails closed (503). */
  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      // The shared client connects lazily; the first caller connects it for everyone.
      if (this.redis.status === 'wait') await (this.connecting ??= this.redis.connect());
      return await this.redis.eval(script, keys.length, ...keys, ...args);
    } catch (error) {
      this.logger.warn(`sign-in throttling unavailable: ${(error as Error).message}`);
      throw IdentityErrors.busy();
    }
  }
}
