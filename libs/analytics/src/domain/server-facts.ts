import type { DomainEvent } from '#platform/domain';

/**
 * The parts of commerce's events this domain reads (tolerant reader: commerce may add fields
 * without us noticing; we never import commerce's internals).
 */
export type OrderPlaced = DomainEvent<
  'commerce.order-placed',
  { orderId: string; buyerId: string; items: { contentId: string; priceCents: number; currency: string }[] }
>;
export type OrderPaid = DomainEvent<
  'commerce.order-paid',
  { orderId: string; buyerId: string; currency: string; items: { contentId: string; priceCents: number }[] }
>;
export type OrderRefunded = DomainEvent<
  'commerce.order-refunded',
  { orderId: string; buyerId: string; currency: string; items: { contentId: string; refundedCents: number }[] }
>;
export type ServerFactEvent = OrderPlaced | OrderPaid | OrderRefunded;

/** What catalog's `catalog.content-approved` tells us about an item. */
export type ContentApproved = DomainEvent<
  'catalog.content-approved',
  { contentId: string; creatorId: string; kind: string; title: string; publishedAt: string }
>;

/** What identity's `identity.session-started` tells us: who signed in, in which session. */
export type SessionStarted = DomainEvent<'identity.session-started', { sessionId: string; userId: string }>;

/** A raw row's fields for a server fact (the raw table stores it as any other source's). */
export interface ServerFactRow {
  readonly sourceEventId: string;
  readonly eventType: 'order' | 'purchase' | 'refund';
  readonly userId: string;
  readonly payload: { occurredAt: string; itemId: string; platform: 'server'; props: { amountCents: number; currency: string } };
}

/** One raw row per item of the order, keyed by the event's position so a replayed job adds nothing new. */
export function serverFactRows(event: ServerFactEvent, globalPosition: number, occurredAt: string): ServerFactRow[] {
  const row = (index: number, eventType: ServerFactRow['eventType'], itemId: string, amountCents: number, currency: string): ServerFactRow => ({
    sourceEventId: `${globalPosition}/${index}`,
    eventType,
    userId: event.data.buyerId,
    payload: { occurredAt, itemId, platform: 'server', props: { amountCents, currency } },
  });
  switch (event.type) {
    case 'commerce.order-placed':
      return event.data.items.map((item, index) => row(index, 'order', item.contentId, item.priceCents, item.currency));
    case 'commerce.order-paid':
      return event.data.items.map((item, index) => row(index, 'purchase', item.contentId, item.priceCents, event.data.currency));
    case 'commerce.order-refunded':
      return event.data.items.map((item, index) => row(index, 'refund', item.contentId, item.refundedCents, event.data.currency));
  }
}
