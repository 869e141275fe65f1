import type { DomainEvent } from '#platform/domain';

export interface OrderItem {
  contentId: string;
  creatorId: string;
  title: string;
  /** What the buyer pays for it: the list price less any coupon discount. */
  priceCents: number;
  currency: string;
  /** The catalogue price when ordered (v3; older orders: the same as priceCents). */
  listPriceCents: number;
  /**
   * What is sold when it is not a content: an answer to a paid question (`contentId` is then the
   * question's id and `creatorId` the expert's). It grants no access; absent: a content.
   */
  kind?: 'question';
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
    /** The payment provider the payment was opened with: sandbox, stripe, alipay or wechatpay. */
    provider: string;
    /** After this the order expires unpaid (ISO 8601); null for orders placed before expiry existed. */
    payableUntil: string | null;
    /** The coupon that lowered the prices (v3), or null. */
    coupon: { couponId: string; code: string; discountCents: number } | null;
    /** The bundle bought (v4), or null for items bought one by one. */
    bundle: OrderedBundle | null;
  }
>;

/** A bundle as ordered: its price, of which the items the buyer already held took their share away. */
export interface OrderedBundle {
  bundleId: string;
  title: string;
  priceCents: number;
  pricedOutCents: number;
  pricedOut: string[];
}

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
    items: { contentId: string; creatorId: string; priceCents: number; platformFeeCents: number; kind?: 'question' }[];
  }
>;

export type PaymentFailed = DomainEvent<
  'commerce.payment-failed',
  { orderId: string; paymentId: string; providerEventId: string; reason: string }
>;

/** Nobody paid in time: the order's items are free to order again; a payment arriving now is owed back. */
export type OrderExpired = DomainEvent<'commerce.order-expired', { orderId: string; paymentId: string; expiredAt: string }>;

/** An item of a paid order, with the platform's fee fixed at payment time. */
export type PaidItem = OrderPaid['data']['items'][number];

/**
 * Money the buyer paid for items the order could not grant, because the buyer already held them
 * (another order, a future bundle or grant): owed back to the buyer, shown to finance. The items
 * carry their fee split, so the ledger reverses exactly what the payment posted for them.
 */
export type RefundDue = DomainEvent<
  'commerce.refund-due',
  {
    orderId: string;
    buyerId: string;
    paymentId: string;
    reason: 'already-owned';
    amountCents: number;
    currency: string;
    items: PaidItem[];
  }
>;

/**
 * A payment success for an order that had already failed (or expired): the money arrived, nothing
 * can be granted for it, and it is owed back to the buyer. Recorded once per payment.
 */
export type LatePaymentReceived = DomainEvent<
  'commerce.late-payment-received',
  {
    orderId: string;
    buyerId: string;
    paymentId: string;
    providerEventId: string;
    amountCents: number;
    currency: string;
    /** What the order was for, so finance sees it without the order. */
    contentIds: string[];
  }
>;

/** The buyer asks for (part of) their money back; finance decides. */
export type RefundRequested = DomainEvent<
  'commerce.refund-requested',
  { orderId: string; refundId: string; buyerId: string; amountCents: number; reason: string }
>;

export type RefundRejected = DomainEvent<'commerce.refund-rejected', { orderId: string; refundId: string; reviewerId: string; reason: string }>;

/**
 * Finance approved it (or, with no reviewer, the platform did: a service paid for and not
 * delivered): the provider is to pay this much back (it confirms with a refund webhook).
 */
export type RefundApproved = DomainEvent<
  'commerce.refund-approved',
  { orderId: string; refundId: string; reviewerId: string | null; amountCents: number }
>;

/** What one refund takes back from one item: the price share, and the platform fee share within it. */
export interface RefundedItem {
  contentId: string;
  creatorId: string;
  refundedCents: number;
  feeRefundedCents: number;
  /** As on the paid item: `question` for a paid question's answer (no content); absent for a content. */
  kind?: 'question';
}

/**
 * The provider paid money back. Carries how it splits over the items (and their fees) so the
 * ledger reverses exactly that, and whether the order is now refunded in full (access ends).
 */
export type OrderRefunded = DomainEvent<
  'commerce.order-refunded',
  {
    orderId: string;
    refundId: string;
    buyerId: string;
    paymentId: string;
    providerEventId: string;
    amountCents: number;
    currency: string;
    items: RefundedItem[];
    fullyRefunded: boolean;
  }
>;

/**
 * The buyer's bank took the payment back (a chargeback, 拒付): what was not refunded yet comes out
 * of each item like a refund, anything beyond it is the platform's loss, and access is taken back.
 */
export type OrderChargedBack = DomainEvent<
  'commerce.order-charged-back',
  {
    orderId: string;
    buyerId: string;
    paymentId: string;
    providerEventId: string;
    /** What the bank took back. */
    amountCents: number;
    currency: string;
    /** The part of it that reverses the items (what was not refunded yet), split as a refund would be. */
    items: RefundedItem[];
    /** The rest: money refunded already and taken again by the bank. */
    lossCents: number;
  }
>;

export type OrderEvent =
  | OrderPlaced
  | OrderChargedBack
  | OrderPaid
  | PaymentFailed
  | OrderExpired
  | RefundDue
  | LatePaymentReceived
  | RefundRequested
  | RefundRejected
  | RefundApproved
  | OrderRefunded;

export const commerceEventTypes = {
  // v2 adds payableUntil (orders placed before had no payment deadline); v3 adds the coupon and list prices; v4 the bundle.
  'commerce.order-placed': {
    schemaVersion: 4,
    upcasters: {
      1: (data: Record<string, unknown>) => ({ ...data, payableUntil: null }),
      2: (data: Record<string, unknown>) => ({
        ...data,
        coupon: null,
        items: (data.items as Record<string, unknown>[]).map((item) => ({ ...item, listPriceCents: item.priceCents })),
      }),
      3: (data: Record<string, unknown>) => ({ ...data, bundle: null }),
    },
  },
  'commerce.order-paid': { schemaVersion: 1 },
  'commerce.payment-failed': { schemaVersion: 1 },
  'commerce.order-expired': { schemaVersion: 1 },
  'commerce.refund-due': { schemaVersion: 1 },
  'commerce.late-payment-received': { schemaVersion: 1 },
  // The reason is what the buyer typed: their personal data, sealed with their key.
  'commerce.refund-requested': { schemaVersion: 1, personalData: { subject: 'buyerId', fields: ['reason'] } },
  'commerce.refund-rejected': { schemaVersion: 1 },
  'commerce.refund-approved': { schemaVersion: 1 },
  'commerce.order-refunded': { schemaVersion: 1 },
  'commerce.order-charged-back': { schemaVersion: 1 },
  'commerce.coupon-issued': { schemaVersion: 1 },
  'commerce.coupon-redeemed': { schemaVersion: 1 },
  'commerce.coupon-redemption-released': { schemaVersion: 1 },
  // Where a creator is paid is theirs: sealed with their key, shredded when they erase their account.
  'commerce.payout-account-set': { schemaVersion: 1, personalData: { subject: 'creatorId', fields: ['payee.account', 'payee.name'] } },
  'commerce.payout-requested': { schemaVersion: 1 },
  'commerce.payout-approved': { schemaVersion: 1, personalData: { subject: 'creatorId', fields: ['payee.account', 'payee.name'] } },
  'commerce.payout-rejected': { schemaVersion: 1 },
  'commerce.payout-paid': { schemaVersion: 1 },
  'commerce.payout-failed': { schemaVersion: 1 },
  'commerce.payout-reversed': { schemaVersion: 1 },
  'commerce.payout-awaiting-confirmation': { schemaVersion: 1 },
  'commerce.payout-cancel-requested': { schemaVersion: 1 },
  'commerce.payout-account-status-changed': { schemaVersion: 1, personalData: { subject: 'creatorId', fields: ['account'] } },
  'commerce.plan-created': { schemaVersion: 1 },
  'commerce.plan-retired': { schemaVersion: 1 },
  'commerce.subscription-started': { schemaVersion: 1 },
  'commerce.subscription-payment-requested': { schemaVersion: 1 },
  'commerce.subscription-period-paid': { schemaVersion: 1 },
  'commerce.subscription-payment-failed': { schemaVersion: 1 },
  'commerce.subscription-canceled': { schemaVersion: 1 },
  'commerce.subscription-resumed': { schemaVersion: 1 },
  'commerce.subscription-expired': { schemaVersion: 1 },
  'commerce.subscription-late-payment-received': { schemaVersion: 1 },
  'commerce.subscription-plan-change-requested': { schemaVersion: 1 },
  'commerce.subscription-plan-changed': { schemaVersion: 1 },
  'commerce.subscription-plan-change-abandoned': { schemaVersion: 1 },
  'commerce.subscription-charged-back': { schemaVersion: 1 },
  'commerce.bundle-created': { schemaVersion: 1 },
  'commerce.commission-set': { schemaVersion: 1 },
  'commerce.access-granted-by-staff': { schemaVersion: 1 },
  'commerce.staff-grant-revoked': { schemaVersion: 1 },
  'commerce.bundle-retired': { schemaVersion: 1 },
} as const;
