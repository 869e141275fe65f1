import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { EventSubscription, type EventSubscriber } from '../event-store/event-subscriber.js';
import type { RecordedEvent } from '../event-store/recorded-event.js';
import { HandlesJobs, RelaysEvents, type RelayRoute } from './relay-route.js';

/** What a relayed job carries: the stored event, whole. */
export type RelayedEventJobData = RecordedEvent;

/**
 * The outbox: reads the event store's global order and enqueues one BullMQ job per matching
 * route. No command ever writes to Redis; a crash replays the batch and the deterministic
 * job id makes BullMQ drop the duplicate.
 */
@Injectable()
@EventSubscription()
export class OutboxRelay implements EventSubscriber, OnModuleInit {
  readonly subscriptionName = 'outbox-relay';
  readonly delivery = 'at-least-once' as const;
  private routes: RelayRoute[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
  ) {}

  get eventTypes(): readonly string[] {
    return [...new Set(this.routes.map((route) => route.eventType))];
  }

  onModuleInit(): void {
    this.routes = this.discovery
      .getProviders({ metadataKey: RelaysEvents.KEY })
      .flatMap((wrapper) => (wrapper.instance as { relayRoutes?: RelayRoute[] } | undefined)?.relayRoutes ?? []);
    const handled = this.discovery
      .getProviders({ metadataKey: HandlesJobs.KEY })
      .flatMap((wrapper) => {
        const declaration = this.discovery.getMetadataByDecorator(HandlesJobs, wrapper);
        return declaration ? declaration.jobNames.map((job) => `${declaration.queue}/${job}`) : [];
      });
    const orphans = this.routes.filter((route) => !handled.includes(`${route.queue}/${route.jobName}`));
    if (orphans.length > 0) {
      throw new Error(
        `No job handler for relayed jobs: ${orphans.map((r) => `${r.queue}/${r.jobName} (from ${r.eventType})`).join(', ')}`,
      );
    }
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      for (const route of this.routes.filter((candidate) => candidate.eventType === event.type)) {
        const queue = this.moduleRef.get<Queue>(getQueueToken(route.queue), { strict: false });
        const runAt = route.runAt?.(event);
        await queue.add(route.jobName, event satisfies RelayedEventJobData, {
          jobId: `event-${event.globalPosition}-${route.jobName}`,
          delay: runAt ? Math.max(0, runAt.getTime() - Date.now()) : undefined,
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: false, // failed jobs stay as the dead-letter record, with their reason
        });
      }
    }
  }
}
