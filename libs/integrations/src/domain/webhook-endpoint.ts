import type { Decider } from '#platform/domain';
import { IntegrationsErrors } from './integrations.errors.js';
import type { WebhookEndpointEvent } from './webhook-endpoint-events.js';
import { type WebhookEventType, webhookEventTypes } from './webhook-event-types.js';

export type WebhookEndpointState = { status: 'none' } | { status: 'enabled' | 'disabled' | 'deleted'; endpointId: string };

export type WebhookEndpointCommand =
  | { type: 'Register'; endpointId: string; url: string; eventTypes: string[]; description: string; by: string }
  | { type: 'Disable' | 'Enable' | 'Delete' | 'RotateSecret'; by: string }
  | { type: 'Redeliver'; deliveryId: string; by: string };

/** Where an endpoint's life is recorded. */
export const endpointStream = (endpointId: string) => ({ streamId: `webhook-endpoint-${endpointId}`, streamType: 'webhook-endpoint' });

/** Longest endpoint URL accepted. */
export const MAX_URL_LENGTH = 2048;

/**
 * Only http(s), no credentials in the URL (they would sit in events and logs). Which addresses a
 * host may be is a deployment's question (SSRF), answered outside the domain.
 */
export function urlRefusal(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return `longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https are allowed';
  if (url.username !== '' || url.password !== '') return 'credentials in the URL are not allowed';
  return null;
}

export const webhookEndpointDecider: Decider<WebhookEndpointState, WebhookEndpointCommand, WebhookEndpointEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'integrations.webhook-endpoint-registered':
      case 'integrations.webhook-endpoint-enabled':
        return { status: 'enabled', endpointId: event.data.endpointId };
      case 'integrations.webhook-endpoint-disabled':
        return { status: 'disabled', endpointId: event.data.endpointId };
      case 'integrations.webhook-endpoint-deleted':
        return { status: 'deleted', endpointId: event.data.endpointId };
      default:
        return state;
    }
  },
  decide(command, state) {
    if (command.type === 'Register') {
      if (state.status !== 'none') throw IntegrationsErrors.endpointExists();
      const refusal = urlRefusal(command.url);
      if (refusal) throw IntegrationsErrors.urlNotAllowed(refusal);
      const unknown = command.eventTypes.filter((type) => !(webhookEventTypes as string[]).includes(type));
      if (unknown.length > 0 || command.eventTypes.length === 0) throw IntegrationsErrors.eventTypesInvalid(unknown);
      const { endpointId, url, description, by } = command;
      const eventTypes = [...new Set(command.eventTypes as WebhookEventType[])].sort();
      return [{ type: 'integrations.webhook-endpoint-registered', data: { endpointId, url, eventTypes, description, registeredBy: by } }];
    }
    if (state.status === 'none') throw IntegrationsErrors.endpointNotFound();
    const { endpointId } = state;
    const by = command.by;
    if (state.status === 'deleted') {
      if (command.type === 'Delete') return [];
      throw IntegrationsErrors.endpointNotFound();
    }
    switch (command.type) {
      case 'Disable':
        return state.status === 'disabled' ? [] : [{ type: 'integrations.webhook-endpoint-disabled', data: { endpointId, by } }];
      case 'Enable':
        return state.status === 'enabled' ? [] : [{ type: 'integrations.webhook-endpoint-enabled', data: { endpointId, by } }];
      case 'Delete':
        return [{ type: 'integrations.webhook-endpoint-deleted', data: { endpointId, by } }];
      case 'RotateSecret':
        return [{ type: 'integrations.webhook-secret-rotated', data: { endpointId, by } }];
      case 'Redeliver':
        if (state.status === 'disabled') throw IntegrationsErrors.endpointDisabled();
        return [{ type: 'integrations.webhook-redelivery-requested', data: { endpointId, deliveryId: command.deliveryId, by } }];
    }
  },
};
