import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, type EventSubscriber, EventSubscription, QueueName, type RecordedEvent, withoutSealedValues } from '#platform';
import { DeliveryLog, type OutgoingEvent } from '../delivery/delivery-log.js';
import { ENTITLEMENT_SOURCE_EVENT_TYPES, entitlementChangeOf, publicEventType, WEBHOOK_EVENT_TYPES } from '../domain/webhook-event-types.js';
import { type DeliverJobData, WebhookJob } from './webhook-jobs.js';

/**
 * Turns each commerce event integrators can subscribe to (and each change of access one makes) into
 * one delivery per subscribed endpoint, and a job per delivery. At least once: a replayed batch finds
 * its deliveries made (their ids derive from endpoint, event and type) and their jobs queued (the job
 * id is the delivery's), so nothing goes twice.
 */
@Injectable()
@EventSubscription()
export class WebhookDispatcher implements EventSubscriber {
  readonly subscriptionName = 'webhook-dispatch';
  readonly delivery = 'at-least-once' as const;
  readonly eventTypes: readonly string[] = [...new Set([...Object.values(WEBHOOK_EVENT_TYPES), ...ENTITLEMENT_SOURCE_EVENT_TYPES])];

  constructor(
    private readonly log: DeliveryLog,
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      // An event goes out as itself and, when it changes someone's access, as that change too.
      const sent: OutgoingEvent[] = [];
      const type = publicEventType(event.type);
      // What a person typed (a refund's reason) is stored sealed with their key and never sent out.
      if (type) sent.push({ type, data: withoutSealedValues(event.data as Record<string, unknown>), derived: false });
      const change = entitlementChangeOf(event.type, event.data as Record<string, unknown>);
      if (change) sent.push({ ...change, derived: true });
      for (const deliveryId of await this.log.open(manager, event, sent, new Date())) {
        await this.queue.add(WebhookJob.Deliver, { deliveryId } satisfies DeliverJobData, {
          jobId: `delivery-${deliveryId}`,
          attempts: this.config.webhooks.deliveryAttempts,
          backoff: { type: 'exponential', delay: this.config.webhooks.retryBaseMs },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 }, // the delivery log keeps the record; the job need not
        });
      }
    }
  }
}
