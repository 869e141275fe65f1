import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { WebhookEndpointEvent } from './webhook-endpoint-events.js';
import { endpointStream, urlRefusal, webhookEndpointDecider, type WebhookEndpointCommand } from './webhook-endpoint.js';
import { ENTITLEMENT_SOURCE_EVENT_TYPES, entitlementChangeOf, publicEventType, webhookEventTypes } from './webhook-event-types.js';

const { given } = deciderSpec(webhookEndpointDecider);
const endpointId = 'e1';
const register = (overrides: Partial<Extract<WebhookEndpointCommand, { type: 'Register' }>> = {}): WebhookEndpointCommand => ({
  type: 'Register',
  endpointId,
  url: 'https://hooks.example.com/zhiku',
  eventTypes: ['order.paid'],
  description: 'ERP',
  by: 'admin',
  ...overrides,
});
const registered: WebhookEndpointEvent = {
  type: 'integrations.webhook-endpoint-registered',
  data: { endpointId, url: 'https://hooks.example.com/zhiku', eventTypes: ['order.paid'], description: 'ERP', registeredBy: 'admin' },
};
const disabled: WebhookEndpointEvent = { type: 'integrations.webhook-endpoint-disabled', data: { endpointId, by: 'admin' } };
const enabled: WebhookEndpointEvent = { type: 'integrations.webhook-endpoint-enabled', data: { endpointId, by: 'admin' } };
const deleted: WebhookEndpointEvent = { type: 'integrations.webhook-endpoint-deleted', data: { endpointId, by: 'admin' } };
const rotated: WebhookEndpointEvent = { type: 'integrations.webhook-secret-rotated', data: { endpointId, by: 'admin' } };
const redeliver: WebhookEndpointCommand = { type: 'Redeliver', deliveryId: 'd1', by: 'admin' };
const redeliveryRequested: WebhookEndpointEvent = {
  type: 'integrations.webhook-redelivery-requested',
  data: { endpointId, deliveryId: 'd1', by: 'admin' },
};

describe('webhook endpoint decider', () => {
  it('registers an http(s) endpoint for known event types, each once and sorted', () => {
    given([]).when(register()).then([registered]);
    given([])
      .when(register({ url: 'http://127.0.0.1:8080/in', eventTypes: ['refund.succeeded', 'order.paid', 'order.paid'] }))
      .then([{ ...registered, data: { ...registered.data, url: 'http://127.0.0.1:8080/in', eventTypes: ['order.paid', 'refund.succeeded'] } }]);
  });
  it('refuses to register an endpoint twice, even after it was deleted', () => {
    given([registered]).when(register()).thenRefuses('INTEGRATIONS.ENDPOINT_EXISTS', 'conflict');
    given([registered, deleted]).when(register()).thenRefuses('INTEGRATIONS.ENDPOINT_EXISTS');
  });
  it('refuses URLs that are not http(s), carry credentials, are too long or are no URL', () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'https://user:pw@example.com/', 'https://:pw@example.com/', 'example.com', `https://example.com/${'a'.repeat(2048)}`]) {
      given([]).when(register({ url })).thenRefuses('INTEGRATIONS.URL_NOT_ALLOWED', 'invalid');
    }
  });
  it('names why a URL is refused', () => {
    expect(urlRefusal('ftp://example.com')).toBe('only http and https are allowed');
    expect(urlRefusal('https://user@example.com')).toBe('credentials in the URL are not allowed');
    expect(urlRefusal('nope')).toBe('not a URL');
    expect(urlRefusal(`https://example.com/${'a'.repeat(2028)}`)).toBeNull();
    expect(urlRefusal(`https://example.com/${'a'.repeat(2029)}`)).toBe('longer than 2048 characters');
    expect(urlRefusal('http://example.com')).toBeNull();
  });
  it('refuses unknown event types, and none at all', () => {
    const unknown = given([]).when(register({ eventTypes: ['order.paid', 'user.registered', 'constructor'] })).thenRefuses('INTEGRATIONS.EVENT_TYPES_INVALID', 'invalid');
    expect(unknown.details).toEqual({ unknown: ['user.registered', 'constructor'] });
    const none = given([]).when(register({ eventTypes: [] })).thenRefuses('INTEGRATIONS.EVENT_TYPES_INVALID');
    expect(none.details).toEqual({ unknown: [] });
  });
  it('disables and enables; doing either again is a no-op', () => {
    given([registered]).when({ type: 'Disable', by: 'admin' }).then([disabled]);
    given([registered, disabled]).when({ type: 'Disable', by: 'admin' }).then([]);
    given([registered, disabled]).when({ type: 'Enable', by: 'admin' }).then([enabled]);
    given([registered, disabled, enabled]).when({ type: 'Enable', by: 'admin' }).then([]);
    given([registered]).when({ type: 'Enable', by: 'admin' }).then([]);
  });
  it('deletes an endpoint, enabled or disabled; deleting again is a no-op', () => {
    given([registered]).when({ type: 'Delete', by: 'admin' }).then([deleted]);
    given([registered, disabled]).when({ type: 'Delete', by: 'admin' }).then([deleted]);
    given([registered, deleted]).when({ type: 'Delete', by: 'admin' }).then([]);
  });
  it('rotates the secret of an endpoint, each time asked', () => {
    given([registered]).when({ type: 'RotateSecret', by: 'admin' }).then([rotated]);
    given([registered, rotated, disabled]).when({ type: 'RotateSecret', by: 'admin' }).then([rotated]);
  });
  it('redelivers for an enabled endpoint only', () => {
    given([registered, rotated]).when(redeliver).then([redeliveryRequested]);
    given([registered, redeliveryRequested]).when(redeliver).then([redeliveryRequested]);
    given([registered, disabled]).when(redeliver).thenRefuses('INTEGRATIONS.ENDPOINT_DISABLED', 'conflict');
  });
  it('knows no endpoint that was never registered or was deleted', () => {
    for (const command of [{ type: 'Disable', by: 'a' }, { type: 'Enable', by: 'a' }, { type: 'Delete', by: 'a' }, { type: 'RotateSecret', by: 'a' }, redeliver] as WebhookEndpointCommand[]) {
      given([]).when(command).thenRefuses('INTEGRATIONS.ENDPOINT_NOT_FOUND', 'not_found');
    }
    for (const command of [{ type: 'Disable', by: 'a' }, { type: 'Enable', by: 'a' }, { type: 'RotateSecret', by: 'a' }, redeliver] as WebhookEndpointCommand[]) {
      given([registered, deleted]).when(command).thenRefuses('INTEGRATIONS.ENDPOINT_NOT_FOUND', 'not_found');
    }
  });
});

describe('webhook event types', () => {
  it('names the commerce events integrators can subscribe to', () => {
    expect(publicEventType('commerce.order-paid')).toBe('order.paid');
    expect(publicEventType('commerce.order-refunded')).toBe('refund.succeeded');
    expect(publicEventType('commerce.subscription-period-paid')).toBe('subscription.renewed');
    expect(publicEventType('identity.user-registered')).toBeNull();
    expect(webhookEventTypes).toContain('subscription.expired');
    expect(publicEventType('commerce.subscription-plan-changed')).toBe('subscription.plan-changed');
    expect(webhookEventTypes).toHaveLength(18);
    expect(webhookEventTypes).toEqual(expect.arrayContaining(['entitlement.granted', 'entitlement.revoked']));
  });
});

describe('changes of access read off commerce events', () => {
  const items = [{ contentId: 'c1' }, { contentId: 'c2' }];
  it('grants a paid order\'s items to its buyer, with no end', () => {
    expect(entitlementChangeOf('commerce.order-paid', { orderId: 'o1', buyerId: 'u1', items })).toEqual({
      type: 'entitlement.granted',
      data: { userId: 'u1', source: { type: 'order', id: 'o1' }, contentIds: ['c1', 'c2'], validTo: null },
    });
  });
  it('takes them back on a full refund and a chargeback, and not on a partial refund', () => {
    expect(entitlementChangeOf('commerce.order-refunded', { orderId: 'o1', buyerId: 'u1', items, fullyRefunded: true })).toEqual({
      type: 'entitlement.revoked',
      data: { userId: 'u1', source: { type: 'order', id: 'o1' }, contentIds: ['c1', 'c2'], reason: 'refunded in full' },
    });
    expect(entitlementChangeOf('commerce.order-refunded', { orderId: 'o1', buyerId: 'u1', items, fullyRefunded: false })).toBeNull();
    expect(entitlementChangeOf('commerce.order-charged-back', { orderId: 'o1', buyerId: 'u1', items })).toEqual({
      type: 'entitlement.revoked',
      data: { userId: 'u1', source: { type: 'order', id: 'o1' }, contentIds: ['c1', 'c2'], reason: 'charged back' },
    });
  });
  it('follows staff grants and their revocation, one item each', () => {
    expect(entitlementChangeOf('commerce.access-granted-by-staff', { grantId: 'g1', userId: 'u1', contentId: 'c1', validTo: '2027-01-01T00:00:00.000Z' })).toEqual({
      type: 'entitlement.granted',
      data: { userId: 'u1', source: { type: 'staff-grant', id: 'g1' }, contentIds: ['c1'], validTo: '2027-01-01T00:00:00.000Z' },
    });
    expect(entitlementChangeOf('commerce.access-granted-by-staff', { grantId: 'g1', userId: 'u1', contentId: 'c1', validTo: null })?.data.validTo).toBeNull();
    expect(entitlementChangeOf('commerce.access-granted-by-staff', { grantId: 'g1', userId: 'u1', contentId: 'c1' })?.data.validTo).toBeNull();
    expect(entitlementChangeOf('commerce.staff-grant-revoked', { grantId: 'g1', userId: 'u1', contentId: 'c1', reason: '误操作' })).toEqual({
      type: 'entitlement.revoked',
      data: { userId: 'u1', source: { type: 'staff-grant', id: 'g1' }, contentIds: ['c1'], reason: 'revoked by staff: 误操作' },
    });
  });
  it('grants a membership\'s scope for a trial, a paid period and a change of plan, until its end, and ends it when it expires', () => {
    const source = { type: 'subscription', id: 's1' };
    expect(entitlementChangeOf('commerce.subscription-started', { subscriptionId: 's1', userId: 'u1', trialEndsAt: '2026-12-05T00:00:00.000Z' })).toEqual({
      type: 'entitlement.granted',
      data: { userId: 'u1', source, contentIds: [], validTo: '2026-12-05T00:00:00.000Z' },
    });
    expect(entitlementChangeOf('commerce.subscription-started', { subscriptionId: 's1', userId: 'u1', trialEndsAt: null })).toBeNull();
    expect(entitlementChangeOf('commerce.subscription-started', { subscriptionId: 's1', userId: 'u1' })).toBeNull();
    for (const type of ['commerce.subscription-period-paid', 'commerce.subscription-plan-changed']) {
      expect(entitlementChangeOf(type, { subscriptionId: 's1', userId: 'u1', periodEnd: '2027-01-01T00:00:00.000Z' })).toEqual({
        type: 'entitlement.granted',
        data: { userId: 'u1', source, contentIds: [], validTo: '2027-01-01T00:00:00.000Z' },
      });
    }
    expect(entitlementChangeOf('commerce.subscription-expired', { subscriptionId: 's1', userId: 'u1', reason: 'unpaid' })).toEqual({
      type: 'entitlement.revoked',
      data: { userId: 'u1', source, contentIds: [], reason: 'membership ended (unpaid)' },
    });
  });
  it('finds no change of access in other events, and lists every event that can make one', () => {
    expect(entitlementChangeOf('commerce.order-placed', { orderId: 'o1', buyerId: 'u1', items })).toBeNull();
    expect(entitlementChangeOf('commerce.payment-failed', { orderId: 'o1' })).toBeNull();
    expect(ENTITLEMENT_SOURCE_EVENT_TYPES).toEqual([
      'commerce.order-paid',
      'commerce.order-refunded',
      'commerce.order-charged-back',
      'commerce.access-granted-by-staff',
      'commerce.staff-grant-revoked',
      'commerce.subscription-started',
      'commerce.subscription-period-paid',
      'commerce.subscription-plan-changed',
      'commerce.subscription-expired',
    ]);
  });
});

describe('webhook endpoint streams', () => {
  it('keep each endpoint on its own stream', () => {
    expect(endpointStream('e1')).toEqual({ streamId: 'webhook-endpoint-e1', streamType: 'webhook-endpoint' });
  });
});
