import { Injectable } from '@nestjs/common';
import { QueueName, type RelayRoute, RelaysEvents } from '#platform';
import { WebhookJob } from './webhook-jobs.js';

/** The operator's redelivery requests, as jobs (new deliveries come from the WebhookDispatcher). */
@Injectable()
@RelaysEvents()
export class IntegrationsRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = [
    { eventType: 'integrations.webhook-redelivery-requested', queue: QueueName.Webhooks, jobName: WebhookJob.Redeliver },
  ];
}
