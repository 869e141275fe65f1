import type { PaidItem, RefundedItem } from './commerce-events.js';

/**
 * Splits `total` cents over shares proportionally to `weights`, in whole cents, largest remainder
 * first (ties to the earlier share): the parts add up to `total` exactly, and none exceeds its
 * weight while `total` is at most the sum of the weights.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - parts[i]! }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * What a refund of `amountCents` takes back from each item, given what earlier refunds took:
 * the amount is spread over what is left of each item's price, and each item's fee comes back in
 * the same proportion as its price. However a payment is refunded in parts, the parts add up to
 * exactly the items' prices and fees once it is refunded in full, and no part is ever negative.
 */
export function refundSplit(items: readonly PaidItem[], earlier: readonly RefundedItem[], amountCents: number): RefundedItem[] {
  const taken = (contentId: string) =>
    earlier
      .filter((refund) => refund.contentId === contentId)
      .reduce((sum, refund) => ({ price: sum.price + refund.refundedCents, fee: sum.fee + refund.feeRefundedCents }), { price: 0, fee: 0 });
  const left = items.map((item) => {
    const { price, fee } = taken(item.contentId);
    return { item, price: item.priceCents - price, fee: item.platformFeeCents - fee };
  });
  const prices = allocate(
    amountCents,
    left.map((rest) => rest.price),
  );
  return left
    .map((rest, i) => ({
      contentId: rest.item.contentId,
      creatorId: rest.item.creatorId,
      refundedCents: prices[i]!,
      feeRefundedCents: rest.price === 0 ? 0 : Math.floor((prices[i]! * rest.fee) / rest.price),
      ...(rest.item.kind ? { kind: rest.item.kind } : {}),
    }))
    .filter((part) => part.refundedCents > 0);
}
