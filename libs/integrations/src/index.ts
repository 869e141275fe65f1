// Public surface of the integrations domain (outbound webhooks to integrators).
export { IntegrationsModule } from './integrations.module.js';
export { IntegrationsHttpModule } from './integrations-http.module.js';
export { IntegrationsWorkerModule } from './integrations-worker.module.js';
export { integrationsEventTypes } from './domain/webhook-endpoint-events.js';
export type {
  WebhookEndpointEvent,
  WebhookEndpointRegistered,
  WebhookEndpointDisabled,
  WebhookEndpointEnabled,
  WebhookEndpointDeleted,
  WebhookSecretRotated,
  WebhookRedeliveryRequested,
} from './domain/webhook-endpoint-events.js';
export { WEBHOOK_EVENT_TYPES, webhookEventTypes, type WebhookEventType, type EntitlementChange } from './domain/webhook-event-types.js';
export { RegisterWebhookEndpoint, type RegisteredEndpoint } from './commands/register-webhook-endpoint.js';
export { ChangeWebhookEndpoint } from './commands/change-webhook-endpoint.js';
export { RotateWebhookSecret } from './commands/rotate-webhook-secret.js';
export { RedeliverWebhook } from './commands/redeliver-webhook.js';
export { ListWebhookEndpoints, GetWebhookEndpoint, type WebhookEndpointView } from './queries/webhook-endpoints.js';
export { ListWebhookDeliveries, type WebhookDeliveryView, type WebhookAttemptView } from './queries/webhook-deliveries.js';
export { WebhookDispatcher } from './jobs/webhook-dispatcher.js';
export { WebhookJob, type DeliverJobData, type RedeliverJobData } from './jobs/webhook-jobs.js';
export type { WebhookPayload } from './delivery/delivery-log.js';
export { Integrations1764680000000 } from './migrations/1764680000000-integrations.js';
export { EntitlementWebhooks1764790000000 } from './migrations/1764790000000-entitlement-webhooks.js';
