import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { openRedis, RedisOutage } from './redis-connection.js';

export const REDIS = Symbol('REDIS');

/** One shared Redis client for request-path needs (readiness), and the outage log every Redis connection reports to. */
@Global()
@Module({
  providers: [
    RedisOutage,
    {
      provide: REDIS,
      inject: [APP_CONFIG, RedisOutage],
      useFactory: (config: AppConfig, outage: RedisOutage) => {
        const redis = openRedis(config, outage, { maxRetriesPerRequest: 1, lazyConnect: true, enableOfflineQueue: false });
        // Lazy: only the api's readiness probe connects it, and from then on an outage fails readiness.
        redis.once('connect', () => outage.affects('readiness answers 503'));
        return redis;
      },
    },
  ],
  exports: [REDIS, RedisOutage],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
