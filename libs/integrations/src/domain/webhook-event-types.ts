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

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

export const webhookEventTypes = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

const PUBLIC_NAME_OF = new Map<string, WebhookEventType>(
  Object.entries(WEBHOOK_EVENT_TYPES).map(([publicName, stored]) => [stored, publicName as WebhookEventType]),
);

/** The public name of a stored event, or null when integrators cannot subscribe to it. */
export const publicEventType = (storedType: string): WebhookEventType | null => PUBLIC_NAME_OF.get(storedType) ?? null;
