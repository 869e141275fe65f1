import type { DomainEvent } from '#platform/domain';

export interface OrderItem {
  contentId: string;
  creatorId: string;
  title: string;
  priceCents: number;
  currency: string;
}

export type OrderPlaced = DomainEvent<
  'commerce.order-placed',
  {
    orderId: string;
    buyerId: string;
    items: OrderItem[];
    totalCents: number;
    currency: string;
    paymentId: string;
    provider: 'sandbox';
  }
>;

/** Carries the split decided at payment time, so replaying the ledger never depends on today's config. */
export type OrderPaid = DomainEvent<
  'commerce.order-paid',
  {
    orderId: string;
    buyerId: string;
    paymentId: string;
    providerEventId: string;
    amountCents: number;
    currency: string;
    items: { contentId: string; creatorId: string; priceCents: number; platformFeeCents: number }[];
  }
>;

export type PaymentFailed = DomainEvent<
  'commerce.payment-failed',
  { orderId: string; paymentId: string; providerEventId: string; reason: string }
>;

export type OrderEvent = OrderPlaced | OrderPaid | PaymentFailed;

export const commerceEventTypes = {
  'commerce.order-placed': { schemaVersion: 1 },
  'commerce.order-paid': { schemaVersion: 1 },
  'commerce.payment-failed': { schemaVersion: 1 },
} as const;
