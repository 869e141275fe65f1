/**
 * The events an integrator can subscribe to, by their public name, and the stored commerce event
 * each one is. Public names are a contract with integrators: chosen once, never renamed.
 */
export const WEBHOOK_EVENT_TYPES = {
  'order.placed': 'commerce.order-placed',
  'order.paid': 'commerce.order-paid',
  'order.payment-failed': 'commerce.payment-failed',
  'order.expired': 'commerce.order-expired',
  'order.charged-back': 'commerce.order-charged-back',
  'refund.requested': 'commerce.refund-requested',
  'refund.approved': 'commerce.refund-approved',
  'refund.rejected': 'commerce.refund-rejected',
  'refund.succeeded': 'commerce.order-refunded',
  'subscription.started': 'commerce.subscription-started',
  'subscription.renewed': 'commerce.subscription-period-paid',
  'subscription.payment-failed': 'commerce.subscription-payment-failed',
  'subscription.canceled': 'commerce.subscription-canceled',
  'subscription.resumed': 'commerce.subscription-resumed',
  'subscription.plan-changed': 'commerce.subscription-plan-changed',
  'subscription.expired': 'commerce.subscription-expired',
} as const;

/**
 * A change of someone's access, as integrators receive it. Access is derived from orders, staff
 * grants and memberships, so these are read off the commerce events that give or take it.
 */
export interface EntitlementChange {
  userId: string;
  /** What gave the access: an order (its items, a bundle's or a code's), a staff grant, or a membership. */
  source: { type: 'order' | 'staff-grant' | 'subscription'; id: string };
  /** The items concerned; a membership's scope is its plan's (see the subscription events). */
  contentIds: string[];
  /** Access valid until (null: no end). Only on grants. */
  validTo?: string | null;
  /** Why access ended. Only on revocations. */
  reason?: string;
}

export const ENTITLEMENT_EVENT_TYPES = ['entitlement.granted', 'entitlement.revoked'] as const;
export type EntitlementEventType = (typeof ENTITLEMENT_EVENT_TYPES)[number];

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES | EntitlementEventType;

export const webhookEventTypes = [...Object.keys(WEBHOOK_EVENT_TYPES), ...ENTITLEMENT_EVENT_TYPES] as WebhookEventType[];

const PUBLIC_NAME_OF = new Map<string, WebhookEventType>(
  Object.entries(WEBHOOK_EVENT_TYPES).map(([publicName, stored]) => [stored, publicName as WebhookEventType]),
);

/** The public name of a stored event, or null when integrators cannot subscribe to it. */
export const publicEventType = (storedType: string): WebhookEventType | null => PUBLIC_NAME_OF.get(storedType) ?? null;

type Data = Record<string, unknown> & { items?: { contentId: string }[] };

/**
 * The entitlement change a stored commerce event makes, if any. Policy as commerce applies it: a
 * paid order grants its items, a full refund or a chargeback takes them back (a partial refund keeps
 * access), staff grant and revoke one item, a trial, a paid period or a change of plan grants the
 * membership's scope until its end, and an expired membership ends it.
 */
export function entitlementChangeOf(storedType: string, data: Data): { type: EntitlementEventType; data: EntitlementChange } | null {
  const contentIds = (data.items ?? []).map((item) => item.contentId);
  const order = { type: 'order' as const, id: String(data.orderId) };
  const subscription = { type: 'subscription' as const, id: String(data.subscriptionId) };
  switch (storedType) {
    case 'commerce.order-paid':
      return { type: 'entitlement.granted', data: { userId: String(data.buyerId), source: order, contentIds, validTo: null } };
    case 'commerce.order-refunded':
      if (data.fullyRefunded !== true) return null;
      return { type: 'entitlement.revoked', data: { userId: String(data.buyerId), source: order, contentIds, reason: 'refunded in full' } };
    case 'commerce.order-charged-back':
      return { type: 'entitlement.revoked', data: { userId: String(data.buyerId), source: order, contentIds, reason: 'charged back' } };
    case 'commerce.access-granted-by-staff':
      return {
        type: 'entitlement.granted',
        data: { userId: String(data.userId), source: { type: 'staff-grant', id: String(data.grantId) }, contentIds: [String(data.contentId)], validTo: (data.validTo as string | null) ?? null },
      };
    case 'commerce.staff-grant-revoked':
      return {
        type: 'entitlement.revoked',
        data: { userId: String(data.userId), source: { type: 'staff-grant', id: String(data.grantId) }, contentIds: [String(data.contentId)], reason: `revoked by staff: ${String(data.reason)}` },
      };
    case 'commerce.subscription-started':
      // A trial gives access at once; a paid start gives it when its first period is paid.
      if (data.trialEndsAt === null || data.trialEndsAt === undefined) return null;
      return { type: 'entitlement.granted', data: { userId: String(data.userId), source: subscription, contentIds: [], validTo: String(data.trialEndsAt) } };
    case 'commerce.subscription-period-paid':
    case 'commerce.subscription-plan-changed':
      return { type: 'entitlement.granted', data: { userId: String(data.userId), source: subscription, contentIds: [], validTo: String(data.periodEnd) } };
    case 'commerce.subscription-expired':
      return { type: 'entitlement.revoked', data: { userId: String(data.userId), source: subscription, contentIds: [], reason: `membership ended (${String(data.reason)})` } };
    default:
      return null;
  }
}

/** The stored events that can change someone's access. */
export const ENTITLEMENT_SOURCE_EVENT_TYPES = [
  'commerce.order-paid',
  'commerce.order-refunded',
  'commerce.order-charged-back',
  'commerce.access-granted-by-staff',
  'commerce.staff-grant-revoked',
  'commerce.subscription-started',
  'commerce.subscription-period-paid',
  'commerce.subscription-plan-changed',
  'commerce.subscription-expired',
] as const;
