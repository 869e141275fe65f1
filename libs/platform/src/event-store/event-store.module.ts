import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventStore } from './event-store.js';
import { EventTypeRegistry } from './event-type-registry.js';
import { SubscriptionRunner } from './subscription-runner.js';
import { SubscriptionRules } from './subscription.rules.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [EventStore, EventTypeRegistry, SubscriptionRunner, SubscriptionRules],
  exports: [EventStore, EventTypeRegistry, SubscriptionRunner],
})
export class EventStoreModule {}
