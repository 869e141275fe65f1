import type { DomainEvent } from '#platform/domain';

/**
 * The parts of commerce's events this domain reads (tolerant reader: commerce may add fields
 * without us noticing; we never import commerce's internals).
 */
/** `question`: a paid question's answer, sold as an order item but no content (its contentId is the question's). */
type ItemKind = { kind?: 'question' };
export type OrderPlaced = DomainEvent<
  'commerce.order-placed',
  { orderId: string; buyerId: string; items: ({ contentId: string; priceCents: number; currency: string } & ItemKind)[] }
>;
export type OrderPaid = DomainEvent<
  'commerce.order-paid',
  { orderId: string; buyerId: string; currency: string; items: ({ contentId: string; priceCents: number } & ItemKind)[] }
>;
export type OrderRefunded = DomainEvent<
  'commerce.order-refunded',
  { orderId: string; buyerId: string; currency: string; items: ({ contentId: string; refundedCents: number } & ItemKind)[] }
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

/**
 * One raw row per content item of the order, keyed by the event's position (and the item's place in
 * the order) so a replayed job adds nothing new. A paid question is no content: item statistics,
 * trends and association rules would count a question id as an item nobody can find, so its lines
 * make no row.
 */
export function serverFactRows(event: ServerFactEvent, globalPosition: number, occurredAt: string): ServerFactRow[] {
  const row = (index: number, eventType: ServerFactRow['eventType'], itemId: string, amountCents: number, currency: string): ServerFactRow => ({
    sourceEventId: `${globalPosition}/${index}`,
    eventType,
    userId: event.data.buyerId,
    payload: { occurredAt, itemId, platform: 'server', props: { amountCents, currency } },
  });
  const rows = ((): (ServerFactRow | null)[] => {
    const content = (item: ItemKind) => item.kind !== 'question';
    switch (event.type) {
      case 'commerce.order-placed':
        return event.data.items.map((item, index) => (content(item) ? row(index, 'order', item.contentId, item.priceCents, item.currency) : null));
      case 'commerce.order-paid':
        return event.data.items.map((item, index) => (content(item) ? row(index, 'purchase', item.contentId, item.priceCents, event.data.currency) : null));
      case 'commerce.order-refunded':
        return event.data.items.map((item, index) => (content(item) ? row(index, 'refund', item.contentId, item.refundedCents, event.data.currency) : null));
    }
  })();
  return rows.filter((kept): kept is ServerFactRow => kept !== null);
}
