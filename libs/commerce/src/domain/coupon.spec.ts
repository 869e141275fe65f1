import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { CouponEvent, CouponTerms } from './coupon-events.js';
import { type CouponCommand, couponDecider } from './coupon.js';
import { discountPerItem, inScope } from './discount.js';

const { given } = deciderSpec(couponDecider);

const terms: CouponTerms = {
  couponId: 'c1',
  code: 'SPRING-20',
  issuedBy: { kind: 'creator', userId: 'creator-1' },
  discount: { kind: 'percent', basisPoints: 2000 },
  scope: { kind: 'creator', creatorId: 'creator-1' },
  validFrom: '2026-11-01T00:00:00.000Z',
  validTo: '2026-12-01T00:00:00.000Z',
  totalLimit: 2,
  perUserLimit: 1,
  batchId: null,
};
const issued: CouponEvent = { type: 'commerce.coupon-issued', data: terms };
const redeem = (orderId: string, userId = 'u1', over: Partial<Extract<CouponCommand, { type: 'RedeemCoupon' }>> = {}): CouponCommand => ({
  type: 'RedeemCoupon',
  orderId,
  userId,
  now: '2026-11-15T00:00:00.000Z',
  orderCurrency: 'CNY',
  discountCents: 1980,
  ...over,
});
const redeemed = (orderId: string, userId = 'u1'): CouponEvent => ({
  type: 'commerce.coupon-redeemed',
  data: { couponId: 'c1', orderId, userId, discountCents: 1980 },
});
const released = (orderId: string): CouponEvent => ({ type: 'commerce.coupon-redemption-released', data: { couponId: 'c1', orderId } });

describe('coupon decider', () => {
  describe('IssueCoupon', () => {
    it('issues once', () => {
      given([]).when({ type: 'IssueCoupon', ...terms }).then([issued]);
      given([issued]).when({ type: 'IssueCoupon', ...terms }).thenRefuses('COMMERCE.COUPON_EXISTS', 'conflict');
    });
    it('refuses terms that do not work', () => {
      given([]).when({ type: 'IssueCoupon', ...terms, validTo: terms.validFrom }).thenRefuses('COMMERCE.COUPON_TERMS_INVALID', 'invalid');
      given([]).when({ type: 'IssueCoupon', ...terms, discount: { kind: 'percent', basisPoints: 0 } }).thenRefuses('COMMERCE.COUPON_TERMS_INVALID');
      given([]).when({ type: 'IssueCoupon', ...terms, discount: { kind: 'percent', basisPoints: 10_001 } }).thenRefuses('COMMERCE.COUPON_TERMS_INVALID');
      given([]).when({ type: 'IssueCoupon', ...terms, discount: { kind: 'fixed', amountCents: 0, currency: 'CNY' } }).thenRefuses('COMMERCE.COUPON_TERMS_INVALID');
      given([]).when({ type: 'IssueCoupon', ...terms, discount: { kind: 'percent', basisPoints: 10_000 }, validTo: null }).then([
        { type: 'commerce.coupon-issued', data: { ...terms, discount: { kind: 'percent', basisPoints: 10_000 }, validTo: null } },
      ]);
    });
  });

  describe('RedeemCoupon', () => {
    it('redeems within its window and limits, once per order', () => {
      given([issued]).when(redeem('o1')).then([redeemed('o1')]);
      given([issued, redeemed('o1')]).when(redeem('o1')).then([]);
    });
    it('refuses an unknown coupon', () => given([]).when(redeem('o1')).thenRefuses('COMMERCE.COUPON_NOT_FOUND', 'not_found'));
    it('refuses outside its window', () => {
      given([issued]).when(redeem('o1', 'u1', { now: '2026-10-31T23:59:59.999Z' })).thenRefuses('COMMERCE.COUPON_NOT_VALID_NOW', 'conflict');
      given([issued]).when(redeem('o1', 'u1', { now: '2026-12-01T00:00:00.000Z' })).thenRefuses('COMMERCE.COUPON_NOT_VALID_NOW', 'conflict');
    });
    it('refuses an order it takes nothing off, or one in another currency than its fixed amount', () => {
      given([issued]).when(redeem('o1', 'u1', { discountCents: 0 })).thenRefuses('COMMERCE.COUPON_NOT_APPLICABLE', 'invalid');
      const fixed: CouponEvent = { type: 'commerce.coupon-issued', data: { ...terms, discount: { kind: 'fixed', amountCents: 500, currency: 'USD' } } };
      given([fixed]).when(redeem('o1')).thenRefuses('COMMERCE.COUPON_NOT_APPLICABLE', 'invalid');
    });
    it('refuses beyond its total and per-buyer limits, and counts released redemptions out', () => {
      given([issued, redeemed('o1', 'u1'), redeemed('o2', 'u2')]).when(redeem('o3', 'u3')).thenRefuses('COMMERCE.COUPON_EXHAUSTED', 'conflict');
      given([issued, redeemed('o1', 'u1')]).when(redeem('o2', 'u1')).thenRefuses('COMMERCE.COUPON_USED_UP', 'conflict');
      given([issued, redeemed('o1', 'u1'), released('o1')]).when(redeem('o2', 'u1')).then([redeemed('o2')]);
      const unlimited: CouponEvent = { type: 'commerce.coupon-issued', data: { ...terms, totalLimit: null, perUserLimit: null } };
      given([unlimited, redeemed('o1'), redeemed('o2'), redeemed('o3')]).when(redeem('o4')).then([redeemed('o4')]);
    });
  });

  describe('ReleaseRedemption', () => {
    it('gives a held redemption back once', () => {
      given([issued, redeemed('o1')]).when({ type: 'ReleaseRedemption', orderId: 'o1' }).then([released('o1')]);
      given([issued, redeemed('o1'), released('o1')]).when({ type: 'ReleaseRedemption', orderId: 'o1' }).then([]);
      given([issued]).when({ type: 'ReleaseRedemption', orderId: 'o9' }).then([]);
    });
    it('refuses an unknown coupon', () => given([]).when({ type: 'ReleaseRedemption', orderId: 'o1' }).thenRefuses('COMMERCE.COUPON_NOT_FOUND'));
  });

  it('folds redemptions, ignoring stray events', () => {
    expect(foldEvents(couponDecider, [issued, redeemed('o1'), released('o1'), redeemed('o2', 'u2')])).toMatchObject({
      redemptions: [
        { orderId: 'o1', userId: 'u1', released: true },
        { orderId: 'o2', userId: 'u2', released: false },
      ],
    });
    expect(foldEvents(couponDecider, [redeemed('o1'), released('o1')])).toEqual({ status: 'none' });
  });
});

describe('discounts', () => {
  const items = [
    { contentId: 'a', creatorId: 'c1', priceCents: 9900, currency: 'CNY' },
    { contentId: 'b', creatorId: 'c2', priceCents: 1000, currency: 'CNY' },
    { contentId: 'c', creatorId: 'c1', priceCents: 101, currency: 'CNY' },
  ];
  it('takes a percentage of the items in scope only, rounded half up on their sum', () => {
    expect(discountPerItem(items, { kind: 'creator', creatorId: 'c1' }, { kind: 'percent', basisPoints: 2000 })).toEqual([1980, 0, 20]);
    expect(discountPerItem(items, { kind: 'global' }, { kind: 'percent', basisPoints: 10_000 })).toEqual([9900, 1000, 101]);
  });
  it('spreads a fixed amount over the items in scope by price, never more than they cost', () => {
    expect(discountPerItem(items, { kind: 'items', contentIds: ['a', 'b'] }, { kind: 'fixed', amountCents: 1090, currency: 'CNY' })).toEqual([990, 100, 0]);
    expect(discountPerItem(items, { kind: 'items', contentIds: ['b'] }, { kind: 'fixed', amountCents: 5000, currency: 'CNY' })).toEqual([0, 1000, 0]);
    expect(discountPerItem(items, { kind: 'items', contentIds: ['zzz'] }, { kind: 'fixed', amountCents: 5000, currency: 'CNY' })).toEqual([0, 0, 0]);
  });
  it('knows which items a scope covers', () => {
    expect(items.map((item) => inScope({ kind: 'creator', creatorId: 'c2' }, item))).toEqual([false, true, false]);
    expect(items.map((item) => inScope({ kind: 'items', contentIds: ['c'] }, item))).toEqual([false, false, true]);
    expect(items.map((item) => inScope({ kind: 'global' }, item))).toEqual([true, true, true]);
  });
});
