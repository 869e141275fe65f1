import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { IntegrationsErrors } from './integrations.errors.js';

describe('integrations refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(IntegrationsErrors.endpointNotFound(), 'INTEGRATIONS.ENDPOINT_NOT_FOUND', 'not_found', 'No such webhook endpoint.');
    expectRefusal(IntegrationsErrors.endpointExists(), 'INTEGRATIONS.ENDPOINT_EXISTS', 'conflict', 'This webhook endpoint was registered already.');
    expectRefusal(
      IntegrationsErrors.endpointDisabled(),
      'INTEGRATIONS.ENDPOINT_DISABLED',
      'conflict',
      'This webhook endpoint is disabled; enable it before redelivering.',
    );
    expectRefusal(IntegrationsErrors.urlNotAllowed('why'), 'INTEGRATIONS.URL_NOT_ALLOWED', 'invalid', 'Webhooks cannot be sent to this URL: why.', { why: 'why' });
    expectRefusal(IntegrationsErrors.eventTypesInvalid(['a', 'b']), 'INTEGRATIONS.EVENT_TYPES_INVALID', 'invalid', 'Unknown event types: a, b.', { unknown: ['a', 'b'] });
    expectRefusal(IntegrationsErrors.eventTypesInvalid([]), 'INTEGRATIONS.EVENT_TYPES_INVALID', 'invalid', 'Subscribe to at least one event type.', { unknown: [] });
    expectRefusal(IntegrationsErrors.deliveryNotFound(), 'INTEGRATIONS.DELIVERY_NOT_FOUND', 'not_found', 'No such delivery for this webhook endpoint.');
  });
});
