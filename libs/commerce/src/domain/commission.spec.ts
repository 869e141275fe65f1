import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { type CommissionCommand, commissionDecider, commissionFor, type CommissionSet } from './commission.js';

const { given } = deciderSpec(commissionDecider);

const set = (platform: number | null, creatorCoupon: number | null): CommissionCommand => ({
  type: 'SetCommission',
  creatorId: 'c1',
  setBy: 'fin',
  platform,
  'creator-coupon': creatorCoupon,
});
const wasSet = (platform: number | null, creatorCoupon: number | null): CommissionSet => ({
  type: 'commerce.commission-set',
  data: { creatorId: 'c1', setBy: 'fin', platform, 'creator-coupon': creatorCoupon },
});

describe('commission decider', () => {
  it('agrees rates per channel, from 0 to 100 %, or back to the default', () => {
    given([]).when(set(1500, 500)).then([wasSet(1500, 500)]);
    given([]).when(set(0, 10_000)).then([wasSet(0, 10_000)]);
    given([wasSet(1500, 500)]).when(set(null, 500)).then([wasSet(null, 500)]);
    given([wasSet(1500, 500)]).when(set(1500, null)).then([wasSet(1500, null)]);
  });
  it('is a no-op when nothing changes', () => given([wasSet(1500, 500)]).when(set(1500, 500)).then([]));
  it('refuses a rate that is not whole basis points from 0 to 10000', () => {
    given([]).when(set(-1, null)).thenRefuses('COMMERCE.COMMISSION_INVALID', 'invalid');
    given([]).when(set(null, 10_001)).thenRefuses('COMMERCE.COMMISSION_INVALID');
    given([]).when(set(12.5, null)).thenRefuses('COMMERCE.COMMISSION_INVALID');
  });
  it('uses a creator\'s agreed rate for the channel, else the default', () => {
    const defaults = { platform: 2000, 'creator-coupon': 1000 };
    expect(commissionFor('platform', defaults, null)).toBe(2000);
    expect(commissionFor('creator-coupon', defaults, null)).toBe(1000);
    expect(commissionFor('platform', defaults, { platform: 1500, 'creator-coupon': null })).toBe(1500);
    expect(commissionFor('creator-coupon', defaults, { platform: 1500, 'creator-coupon': null })).toBe(1000);
    expect(commissionFor('creator-coupon', defaults, { platform: null, 'creator-coupon': 0 })).toBe(0);
  });
});
