import { Inject, Injectable } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { addressOf } from '../config/address.js';
import { OutageLog } from '../observability/outage-log.js';

/** The one outage log of Redis in a process, fed by every connection to it (ours and BullMQ's). */
@Injectable()
export class RedisOutage extends OutageLog {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super('Redis', addressOf(config.redisUrl));
  }
}

/**
 * Opens a Redis client that reports to the outage log from its first moment: every error feeds it
 * (ioredis prints "Unhandled error event" for an error nobody listens to), every ready ends it.
 * It retries quickly at first, then every `redisReconnectMaxMs`, so work resumes soon after Redis does.
 */
export function openRedis(config: AppConfig, outage: OutageLog, options: RedisOptions): Redis {
  const client = new Redis(config.redisUrl, {
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, config.redisReconnectMaxMs),
    ...options,
  });
  client.on('error', (error) => outage.failed(error));
  client.on('ready', () => outage.recovered());
  return client;
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
]);

/** Whether an error means "cannot talk to Redis" rather than "Redis said no". */
export function isRedisConnectionError(error: unknown): boolean {
  const { code, message, name } = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  return (
    (typeof code === 'string' && NETWORK_ERRORS.has(code)) ||
    message === 'Connection is closed.' ||
    name === 'MaxRetriesPerRequestError'
  );
}

/** How long a command waits for the shared client to be ready before it gives up. */
const READY_TIMEOUT_MS = 2000;

/** The shared client connects lazily (and queues nothing while it is down): wait until it is ready, briefly. */
export async function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis is ${redis.status}`));
    }, READY_TIMEOUT_MS);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
