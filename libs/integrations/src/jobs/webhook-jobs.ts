import type { RecordedEvent } from '#platform';
import type { WebhookRedeliveryRequested } from '../domain/webhook-endpoint-events.js';

/** Job names on QueueName.Webhooks. */
export const WebhookJob = {
  /** One delivery's attempts, enqueued by the dispatcher (job id `delivery-<id>`, retried with backoff). */
  Deliver: 'deliver',
  /** An operator's redelivery, relayed from its event. */
  Redeliver: 'redeliver',
} as const;

export interface DeliverJobData {
  readonly deliveryId: string;
}

/** A relayed event as a job carries it: BullMQ stores job data as JSON, so dates arrive as ISO strings. */
export type RedeliverJobData = Omit<RecordedEvent<WebhookRedeliveryRequested>, 'createdAt'> & { readonly createdAt: string };
