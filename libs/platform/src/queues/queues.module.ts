import { BullModule, BullRegistrar, getQueueToken, WorkerHost } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { isRedisConnectionError, openRedis, RedisOutage } from '../redis/redis-connection.js';
import { OutboxRelay } from './outbox-relay.js';
import { QueueName } from './queue-name.js';

const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

/** What a BullMQ Queue and Worker share: a name, errors, and a backend that says when it is ready. */
interface QueueClient {
  readonly name: string;
  on(event: 'error', listener: (error: Error) => void): unknown;
  getBackend(): { on(event: 'ready', listener: () => void): unknown };
}

/**
 * Every BullMQ queue and worker reports its connection errors and recoveries to the Redis outage
 * log, and closes without waiting for a Redis that is not there.
 */
class QueueConnections implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private workers: Worker[] = [];

  constructor(
    private readonly registrar: BullRegistrar,
    private readonly discovery: DiscoveryService,
    private readonly outage: RedisOutage,
    private readonly connection: Redis,
    queues: Queue[],
  ) {
    outage.affects('queues paused');
    // Queues connect as they are built: listen before their first error can arrive.
    for (const queue of queues) this.watch(queue);
  }

  onModuleInit(): void {
    // BullModule is told not to create the workers itself, so that each is watched the moment it exists.
    this.registrar.register();
    this.workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
    for (const worker of this.workers) this.watch(worker);
  }

  /**
   * A graceful close waits for Redis: for the blocking fetch to end and for QUIT to be answered. With
   * Redis unreachable it would wait forever, so close at once; an active job's lock then expires
   * and BullMQ runs the job again (every job is idempotent). Nest's own close that follows is a no-op.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.connection.status === 'ready' && !this.outage.isDown) return;
    this.logger.warn('Redis is unreachable: closing the queue workers without waiting for their jobs');
    await Promise.all(this.workers.map((worker) => worker.close(true)));
  }

  onApplicationShutdown(): void {
    // Queues and workers leave this shared client open when they close; their blocking copies they close themselves.
    this.connection.disconnect();
  }

  private watch(emitter: QueueClient): void {
    emitter.on('error', (error: Error) => {
      if (isRedisConnectionError(error)) this.outage.failed(error);
      else this.logger.error(`${emitter.name}: ${error.message}`, error.stack);
    });
    emitter.getBackend().on('ready', () => this.outage.recovered());
  }
}

/** BullMQ on Redis, every queue registered, and the outbox relay that feeds them. Worker only. */
@Module({})
export class QueuesModule {
  static forRoot(config: AppConfig): DynamicModule {
    const names = Object.values(QueueName);
    const queues = BullModule.registerQueue(...names.map((name) => ({ name })));
    return {
      module: QueuesModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [QUEUE_CONNECTION],
          // Queues and workers use this one client; each worker adds a blocking connection copied from it.
          useFactory: (connection: Redis) => ({ connection, prefix: config.queuePrefix }),
          extraOptions: { manualRegistration: true },
        }),
        queues,
      ],
      providers: [
        OutboxRelay,
        {
          provide: QUEUE_CONNECTION,
          inject: [APP_CONFIG, RedisOutage],
          // The workers' blocking copies need maxRetriesPerRequest: null (commands wait for Redis rather than fail).
          useFactory: (appConfig: AppConfig, outage: RedisOutage) => openRedis(appConfig, outage, { maxRetriesPerRequest: null }),
        },
        {
          provide: QueueConnections,
          inject: [BullRegistrar, DiscoveryService, RedisOutage, QUEUE_CONNECTION, ...names.map((name) => getQueueToken(name))],
          useFactory: (
            registrar: BullRegistrar,
            discovery: DiscoveryService,
            outage: RedisOutage,
            connection: Redis,
            ...all: Queue[]
          ) => new QueueConnections(registrar, discovery, outage, connection, all),
        },
      ],
      // The connection only for BullModule's factory: the symbol is private to this file.
      exports: [queues, QUEUE_CONNECTION],
    };
  }
}
