import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';
import { OutboxRelay } from './outbox-relay.js';
import { QueueName } from './queue-name.js';

/** BullMQ on Redis, every queue registered, and the outbox relay that feeds them. Worker only. */
@Module({})
export class QueuesModule {
  static forRoot(config: AppConfig): DynamicModule {
    const queues = BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })));
    return {
      module: QueuesModule,
      global: true,
      imports: [
        DiscoveryModule,
        // Workers block on Redis: maxRetriesPerRequest must be null for them.
        BullModule.forRoot({ connection: { url: config.redisUrl, maxRetriesPerRequest: null }, prefix: config.queuePrefix }),
        queues,
      ],
      providers: [OutboxRelay],
      exports: [queues],
    };
  }
}
