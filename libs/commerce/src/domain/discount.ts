import type { CouponDiscount, CouponScope } from './coupon-events.js';
import { allocate } from './refund-allocation.js';

export interface PricedItem {
  contentId: string;
  creatorId: string;
  priceCents: number;
  currency: string;
}

export const inScope = (scope: CouponScope, item: Pick<PricedItem, 'contentId' | 'creatorId'>): boolean =>
  scope.kind === 'global' ||
  (scope.kind === 'creator' && item.creatorId === scope.creatorId) ||
  (scope.kind === 'items' && scope.contentIds.includes(item.contentId));

/**
 * What a coupon takes off each item, in whole cents: a percentage of the items in its scope
 * (rounded half up on their sum), or a fixed amount spread over them in proportion to their price,
 * never more than they cost. Items out of scope get 0. The parts add up to the discount exactly.
 */
export function discountPerItem(items: readonly PricedItem[], scope: CouponScope, discount: CouponDiscount): number[] {
  const scoped = items.map((item) => (inScope(scope, item) ? item.priceCents : 0));
  const base = scoped.reduce((sum, price) => sum + price, 0);
  const total =
    discount.kind === 'percent'
      ? Math.floor((base * discount.basisPoints + 5000) / 10_000)
      : Math.min(discount.amountCents, base);
  return allocate(total, scoped);
}
