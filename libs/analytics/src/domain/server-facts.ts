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
/**
 * What catalog's `catalog.lesson-opened` tells us: a learner opened a lesson, which takes access
 * (bought, given, or a running membership). Its first for an item is a member's enrolment, as
 * catalog records it: a membership opens items without an order each.
 */
export type LessonOpened = DomainEvent<'catalog.lesson-opened', { userId: string; contentId: string; openedAt: string }>;
export type ServerFactEvent = OrderPlaced | OrderPaid | OrderRefunded | LessonOpened;

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
  readonly eventType: 'order' | 'purchase' | 'refund' | 'enrolment';
  readonly userId: string;
  readonly payload: {
    occurredAt: string;
    itemId: string;
    platform: 'server';
    props: { amountCents: number; currency: string } | { via: 'order' | 'lesson-opened' };
  };
}

/**
 * One raw row per content item of the order, keyed by the event's position (and the item's place in
 * the order) so a replayed job adds nothing new; and an enrolment per learner and item, from the paid
 * order or (a member's) first lesson opened, keyed by learner and item so that cleansing keeps the
 * first as the others' exact duplicate. A paid question is no content: item statistics, trends and
 * association rules would count a question id as an item nobody can find, so its lines make no row.
 */
export function serverFactRows(event: ServerFactEvent, globalPosition: number, occurredAt: string): ServerFactRow[] {
  const money = (index: number, eventType: 'order' | 'purchase' | 'refund', itemId: string, amountCents: number, currency: string): ServerFactRow => ({
    sourceEventId: `${globalPosition}/${index}`,
    eventType,
    userId: (event as OrderPlaced | OrderPaid | OrderRefunded).data.buyerId,
    payload: { occurredAt, itemId, platform: 'server', props: { amountCents, currency } },
  });
  const enrolment = (userId: string, itemId: string, at: string, via: 'order' | 'lesson-opened'): ServerFactRow => ({
    sourceEventId: `enrolment/${userId}/${itemId}`,
    eventType: 'enrolment',
    userId,
    payload: { occurredAt: at, itemId, platform: 'server', props: { via } },
  });
  const content = (item: ItemKind) => item.kind !== 'question';
  switch (event.type) {
    case 'commerce.order-placed':
      return event.data.items.flatMap((item, index) => (content(item) ? [money(index, 'order', item.contentId, item.priceCents, item.currency)] : []));
    case 'commerce.order-paid':
      return [
        ...event.data.items.flatMap((item, index) => (content(item) ? [money(index, 'purchase', item.contentId, item.priceCents, event.data.currency)] : [])),
        ...event.data.items.filter(content).map((item) => enrolment(event.data.buyerId, item.contentId, occurredAt, 'order')),
      ];
    case 'commerce.order-refunded':
      return event.data.items.flatMap((item, index) => (content(item) ? [money(index, 'refund', item.contentId, item.refundedCents, event.data.currency)] : []));
    case 'catalog.lesson-opened':
      return [enrolment(event.data.userId, event.data.contentId, event.data.openedAt, 'lesson-opened')];
  }
}
