import type { DomainEvent } from '#platform/domain';
import type { WebhookEventType } from './webhook-event-types.js';

// An endpoint's life, on its stream `webhook-endpoint-<id>`. Its secret is never in an event: the
// commands keep it, encrypted, in integration_webhook_secrets (a table that can forget it).

export type WebhookEndpointRegistered = DomainEvent<
  'integrations.webhook-endpoint-registered',
  { endpointId: string; url: string; eventTypes: WebhookEventType[]; description: string; registeredBy: string }
>;
export type WebhookEndpointDisabled = DomainEvent<'integrations.webhook-endpoint-disabled', { endpointId: string; by: string }>;
export type WebhookEndpointEnabled = DomainEvent<'integrations.webhook-endpoint-enabled', { endpointId: string; by: string }>;
export type WebhookEndpointDeleted = DomainEvent<'integrations.webhook-endpoint-deleted', { endpointId: string; by: string }>;
export type WebhookSecretRotated = DomainEvent<'integrations.webhook-secret-rotated', { endpointId: string; by: string }>;
/** An operator asks for one delivery to be sent again (the worker does it, whatever its state). */
export type WebhookRedeliveryRequested = DomainEvent<
  'integrations.webhook-redelivery-requested',
  { endpointId: string; deliveryId: string; by: string }
>;

export type WebhookEndpointEvent =
  | WebhookEndpointRegistered
  | WebhookEndpointDisabled
  | WebhookEndpointEnabled
  | WebhookEndpointDeleted
  | WebhookSecretRotated
  | WebhookRedeliveryRequested;

export const integrationsEventTypes = {
  'integrations.webhook-endpoint-registered': { schemaVersion: 1 },
  'integrations.webhook-endpoint-disabled': { schemaVersion: 1 },
  'integrations.webhook-endpoint-enabled': { schemaVersion: 1 },
  'integrations.webhook-endpoint-deleted': { schemaVersion: 1 },
  'integrations.webhook-secret-rotated': { schemaVersion: 1 },
  'integrations.webhook-redelivery-requested': { schemaVersion: 1 },
} as const;
