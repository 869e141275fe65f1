import type { OrderedBundle, OrderItem } from '../domain/commerce-events.js';

export interface OrderView {
  id: string;
  buyerId: string;
  status: 'pending' | 'paid' | 'failed' | 'expired' | 'partially_refunded' | 'refunded' | 'charged_back';
  items: { contentId: string; title: string; priceCents: number; listPriceCents: number; currency: string }[];
  /** The coupon that lowered the prices, if any. */
  coupon: { code: string; discountCents: number } | null;
  /** The bundle bought, if any: its price, and what items the buyer held already took off it. */
  bundle: { bundleId: string; title: string; priceCents: number; pricedOutCents: number; pricedOut: string[] } | null;
  totalCents: number;
  currency: string;
  payment: {
    id: string;
    provider: string;
    status: 'pending' | 'succeeded' | 'failed' | 'expired' | 'charged_back';
    amountCents: number;
    currency: string;
    /** When the dispute of its chargeback was won (the status is then the order's before the chargeback). */
    disputeWonAt: string | null;
  };
  /** Paid back to the buyer so far. */
  refundedCents: number;
  /** Until when the order can be paid; null once it cannot be any more, or for old orders without a deadline. */
  payableUntil: string | null;
  createdAt: string;
  paidAt: string | null;
}

export interface OrderRow {
  id: string;
  buyer_id: string;
  status: OrderView['status'];
  /** As projected: orders placed before list prices were recorded lack listPriceCents. */
  items: (Omit<OrderItem, 'listPriceCents'> & { listPriceCents?: number })[];
  coupon: { couponId: string; code: string; discountCents: number } | null;
  bundle: OrderedBundle | null;
  total_cents: number;
  currency: string;
  payment_id: string;
  provider: string;
  payable_until: Date | null;
  refunded_cents: string;
  created_at: Date;
  paid_at: Date | null;
  dispute_won_at: Date | null;
}

const PAYMENT_STATUS = {
  pending: 'pending',
  paid: 'succeeded',
  failed: 'failed',
  expired: 'expired',
  partially_refunded: 'succeeded',
  refunded: 'succeeded',
  charged_back: 'charged_back',
} as const;

export function toOrderView(row: OrderRow): OrderView {
  const currency = row.currency.trim();
  return {
    id: row.id,
    buyerId: row.buyer_id,
    status: row.status,
    items: row.items.map(({ contentId, title, priceCents, listPriceCents, currency: itemCurrency }) => ({
      contentId,
      title,
      priceCents,
      listPriceCents: listPriceCents ?? priceCents,
      currency: itemCurrency,
    })),
    coupon: row.coupon ? { code: row.coupon.code, discountCents: row.coupon.discountCents } : null,
    bundle: row.bundle,
    totalCents: row.total_cents,
    currency,
    payment: {
      id: row.payment_id,
      provider: row.provider,
      status: PAYMENT_STATUS[row.status],
      amountCents: row.total_cents,
      currency,
      disputeWonAt: row.dispute_won_at?.toISOString() ?? null,
    },
    refundedCents: Number(row.refunded_cents),
    payableUntil: row.status === 'pending' && row.payable_until ? row.payable_until.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    paidAt: row.paid_at ? row.paid_at.toISOString() : null,
  };
}

/** Rule fields of the Order subject and the commerce_orders columns they mean. */
export const ORDER_COLUMNS = { id: 'o.id', buyerId: 'o.buyer_id', status: 'o.status' } as const;
