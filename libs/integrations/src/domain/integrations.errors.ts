import { DomainError } from '#platform/domain';

export const IntegrationsErrors = {
  endpointNotFound: () => new DomainError('INTEGRATIONS.ENDPOINT_NOT_FOUND', 'not_found', 'No such webhook endpoint.'),
  endpointExists: () => new DomainError('INTEGRATIONS.ENDPOINT_EXISTS', 'conflict', 'This webhook endpoint was registered already.'),
  endpointDisabled: () =>
    new DomainError('INTEGRATIONS.ENDPOINT_DISABLED', 'conflict', 'This webhook endpoint is disabled; enable it before redelivering.'),
  urlNotAllowed: (why: string) =>
    new DomainError('INTEGRATIONS.URL_NOT_ALLOWED', 'invalid', `Webhooks cannot be sent to this URL: ${why}.`, { why }),
  eventTypesInvalid: (unknown: string[]) =>
    new DomainError(
      'INTEGRATIONS.EVENT_TYPES_INVALID',
      'invalid',
      unknown.length > 0 ? `Unknown event types: ${unknown.join(', ')}.` : 'Subscribe to at least one event type.',
      { unknown },
    ),
  deliveryNotFound: () => new DomainError('INTEGRATIONS.DELIVERY_NOT_FOUND', 'not_found', 'No such delivery for this webhook endpoint.'),
};
