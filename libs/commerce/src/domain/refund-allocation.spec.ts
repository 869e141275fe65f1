import { describe, expect, it } from 'vitest';
import type { PaidItem, RefundedItem } from './commerce-events.js';
import { allocate, refundSplit } from './refund-allocation.js';

const items: PaidItem[] = [
  { contentId: 'a', creatorId: 'c1', priceCents: 999, platformFeeCents: 200 },
  { contentId: 'b', creatorId: 'c2', priceCents: 1, platformFeeCents: 0 },
  { contentId: 'c', creatorId: 'c1', priceCents: 500, platformFeeCents: 100 },
];

describe('allocate', () => {
  it('splits in proportion, whole cents, adding up exactly, the largest remainders (then the earlier) getting the spare cents', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(100, [50, 30, 20])).toEqual([50, 30, 20]);
    expect(allocate(7, [2, 5])).toEqual([2, 5]);
    expect(allocate(1, [1, 3])).toEqual([0, 1]);
    expect(allocate(5, [0, 0])).toEqual([0, 0]);
    expect(allocate(0, [3, 4])).toEqual([0, 0]);
  });
});

describe('refundSplit', () => {
  it('takes a partial refund from the items in proportion to their price, and their fees in the same proportion', () => {
    expect(refundSplit(items, [], 750)).toEqual([
      { contentId: 'a', creatorId: 'c1', refundedCents: 500, feeRefundedCents: 100 },
      { contentId: 'c', creatorId: 'c1', refundedCents: 250, feeRefundedCents: 50 },
    ]);
  });

  it("says of a paid question's line that it is one, as the paid item did, so readers of refunds can tell it from a content", () => {
    const question: PaidItem = { contentId: 'q', creatorId: 'expert', priceCents: 5000, platformFeeCents: 1000, kind: 'question' };
    expect(refundSplit([question], [], 5000)).toEqual([{ contentId: 'q', creatorId: 'expert', refundedCents: 5000, feeRefundedCents: 1000, kind: 'question' }]);
  });

  it('adds up to exactly every price and fee however the payment is refunded in parts, never a negative part', () => {
    for (const parts of [[1500], [1, 1, 1, 1497], [750, 750], [333, 333, 334, 500], [1499, 1]]) {
      const earlier: RefundedItem[] = [];
      for (const amount of parts) {
        const split = refundSplit(items, earlier, amount);
        expect(split.reduce((sum, part) => sum + part.refundedCents, 0)).toBe(amount);
        expect(split.every((part) => part.refundedCents > 0 && part.feeRefundedCents >= 0)).toBe(true);
        earlier.push(...split);
      }
      for (const item of items) {
        const back = earlier.filter((part) => part.contentId === item.contentId);
        expect({ parts, item: item.contentId, price: back.reduce((s, p) => s + p.refundedCents, 0), fee: back.reduce((s, p) => s + p.feeRefundedCents, 0) }).toEqual({
          parts,
          item: item.contentId,
          price: item.priceCents,
          fee: item.platformFeeCents,
        });
      }
    }
  });
});
