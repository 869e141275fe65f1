/**
 * A receipt (收据) of a paid order, as the buyer keeps it: what was bought at what price, how it
 * was paid, what came back. Amounts are integer minor units; each has its display text beside it.
 */
export interface Receipt {
  orderId: string;
  orderNumber: string;
  status: 'paid' | 'partially_refunded' | 'refunded';
  orderedAt: string;
  paidAt: string | null;
  buyer: { id: string; displayName: string; email: string };
  currency: string;
  items: ReceiptItem[];
  coupon: { code: string; discountCents: number; discount: string } | null;
  bundle: { title: string } | null;
  totalCents: number;
  total: string;
  payment: { provider: string; paymentId: string };
  refunds: { refundId: string; refundedCents: number; refunded: string; refundedAt: string }[];
  refundedCents: number;
  refunded: string;
  netCents: number;
  net: string;
}

export interface ReceiptItem {
  contentId: string;
  title: string;
  listPriceCents: number;
  listPrice: string;
  /** The list price less the price paid: the coupon's (or the bundle's) reduction. */
  discountCents: number;
  discount: string;
  paidCents: number;
  paid: string;
}

/** What a receipt is made from: the order's projection, its refunds that moved money, and the buyer. */
export interface ReceiptSource {
  orderId: string;
  status: string;
  createdAt: Date;
  paidAt: Date | null;
  currency: string;
  items: { contentId: string; title: string; priceCents: number; listPriceCents: number }[];
  coupon: { code: string; discountCents: number } | null;
  bundle: { title: string } | null;
  totalCents: number;
  provider: string;
  paymentId: string;
  refunds: { refundId: string; refundedCents: number; refundedAt: Date }[];
  buyer: { id: string; displayName: string; email: string };
}

/** Orders that have a receipt: money was taken (and maybe, in part or whole, given back). */
export const RECEIPT_STATUSES = ['paid', 'partially_refunded', 'refunded'] as const;

export const hasReceipt = (status: string): status is Receipt['status'] => (RECEIPT_STATUSES as readonly string[]).includes(status);

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€' };

/** `¥1,234.56` from 123456 CNY fen, in integers only (no float ever touches an amount); `-¥0.05` below zero. */
export function formatMoney(cents: number, currency: string): string {
  const magnitude = Math.abs(cents);
  const whole = String(Math.floor(magnitude / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = String(magnitude % 100).padStart(2, '0');
  const symbol = SYMBOLS[currency];
  const amount = symbol ? `${symbol}${whole}.${fraction}` : `${whole}.${fraction} ${currency}`;
  return cents < 0 ? `-${amount}` : amount;
}

/** A number a person can read out: ZK-<order date in China, yyyymmdd>-<the order id's first 8 hex digits>. */
export function orderNumber(orderId: string, orderedAt: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(orderedAt).replaceAll('-', '');
  return `ZK-${date}-${orderId.slice(0, 8).toUpperCase()}`;
}

export function buildReceipt(source: ReceiptSource): Receipt {
  if (!hasReceipt(source.status)) throw new Error(`order ${source.orderId} is ${source.status}: it has no receipt`);
  const money = (cents: number) => formatMoney(cents, source.currency);
  const refundedCents = source.refunds.reduce((sum, refund) => sum + refund.refundedCents, 0);
  return {
    orderId: source.orderId,
    orderNumber: orderNumber(source.orderId, source.createdAt),
    status: source.status,
    orderedAt: source.createdAt.toISOString(),
    paidAt: source.paidAt?.toISOString() ?? null,
    buyer: source.buyer,
    currency: source.currency,
    items: source.items.map((item) => ({
      contentId: item.contentId,
      title: item.title,
      listPriceCents: item.listPriceCents,
      listPrice: money(item.listPriceCents),
      discountCents: item.listPriceCents - item.priceCents,
      discount: money(item.listPriceCents - item.priceCents),
      paidCents: item.priceCents,
      paid: money(item.priceCents),
    })),
    coupon: source.coupon ? { ...source.coupon, discount: money(source.coupon.discountCents) } : null,
    bundle: source.bundle,
    totalCents: source.totalCents,
    total: money(source.totalCents),
    payment: { provider: source.provider, paymentId: source.paymentId },
    refunds: source.refunds.map((refund) => ({
      refundId: refund.refundId,
      refundedCents: refund.refundedCents,
      refunded: money(refund.refundedCents),
      refundedAt: refund.refundedAt.toISOString(),
    })),
    refundedCents,
    refunded: money(refundedCents),
    netCents: source.totalCents - refundedCents,
    net: money(source.totalCents - refundedCents),
  };
}
