import { Module } from '@nestjs/common';
import { DeliveryLog } from './delivery/delivery-log.js';
import { IntegrationsModule } from './integrations.module.js';
import { IntegrationsRelayRoutes } from './jobs/integrations-relay-routes.js';
import { WebhookDispatcher } from './jobs/webhook-dispatcher.js';
import { WebhooksProcessor } from './jobs/webhooks.processor.js';

/** The worker side: the dispatcher that makes deliveries from events, and the queue that sends them. */
@Module({
  imports: [IntegrationsModule],
  providers: [WebhookDispatcher, IntegrationsRelayRoutes, WebhooksProcessor, DeliveryLog],
})
export class IntegrationsWorkerModule {}
