import type { DomainEvent } from '#platform/domain';

export type CouponDiscount = { kind: 'percent'; basisPoints: number } | { kind: 'fixed'; amountCents: number; currency: string };

/** Which items a coupon lowers the price of. */
export type CouponScope = { kind: 'items'; contentIds: string[] } | { kind: 'creator'; creatorId: string } | { kind: 'global' };

export interface CouponTerms {
  couponId: string;
  /** What buyers type; unique, compared without case. */
  code: string;
  /** Who issued it: a creator for their own items, or the platform (staff). */
  issuedBy: { kind: 'creator' | 'platform'; userId: string };
  discount: CouponDiscount;
  scope: CouponScope;
  /** ISO 8601; redeemable in [validFrom, validTo). */
  validFrom: string;
  validTo: string | null;
  /** Redemptions in all; null: no limit. A 兑换码 of a batch has 1. */
  totalLimit: number | null;
  perUserLimit: number | null;
  /** The batch of single-use codes it was made in, if any. */
  batchId: string | null;
}

export type CouponIssued = DomainEvent<'commerce.coupon-issued', CouponTerms>;

/** An order holds a redemption from when it is placed; it counts against the limits unless released. */
export type CouponRedeemed = DomainEvent<
  'commerce.coupon-redeemed',
  { couponId: string; orderId: string; userId: string; discountCents: number }
>;

/** The order that held it failed or expired: the redemption is free again. */
export type CouponRedemptionReleased = DomainEvent<'commerce.coupon-redemption-released', { couponId: string; orderId: string }>;

export type CouponEvent = CouponIssued | CouponRedeemed | CouponRedemptionReleased;
