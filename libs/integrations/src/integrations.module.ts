import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { ChangeWebhookEndpointHandler } from './commands/change-webhook-endpoint.js';
import { RedeliverWebhookHandler } from './commands/redeliver-webhook.js';
import { RegisterWebhookEndpointHandler } from './commands/register-webhook-endpoint.js';
import { RotateWebhookSecretHandler } from './commands/rotate-webhook-secret.js';
import { WebhookSecrets } from './delivery/webhook-secrets.js';
import { integrationsEventTypes } from './domain/webhook-endpoint-events.js';
import { IntegrationsRules } from './policies/integrations.rules.js';
import { WebhookEndpointsProjector } from './projections/webhook-endpoints.projector.js';
import { ListWebhookDeliveriesHandler } from './queries/webhook-deliveries.js';
import { GetWebhookEndpointHandler, ListWebhookEndpointsHandler } from './queries/webhook-endpoints.js';

/** The integrations core, in every process: event types, commands, queries, the inline projection, rules. */
@Module({
  providers: [
    RegisterWebhookEndpointHandler,
    ChangeWebhookEndpointHandler,
    RotateWebhookSecretHandler,
    RedeliverWebhookHandler,
    ListWebhookEndpointsHandler,
    GetWebhookEndpointHandler,
    ListWebhookDeliveriesHandler,
    WebhookEndpointsProjector,
    WebhookSecrets,
    IntegrationsRules,
  ],
  exports: [WebhookSecrets],
})
export class IntegrationsModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(integrationsEventTypes);
  }
}
