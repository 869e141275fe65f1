import { describe, expect, it } from 'vitest';
import { DomainError } from '#platform/domain';
import type { OrderEvent, OrderItem } from './commerce-events.js';
import { type OrderCommand, orderDecider, platformFee } from './order.js';

const item = (contentId: string, priceCents: number, creatorId = 'creator-1', currency = 'CNY'): OrderItem => ({
  contentId,
  creatorId,
  title: `Course ${contentId}`,
  priceCents,
  currency,
});

/** given past events, when a command, then new events (or an error code). */
function given(events: OrderEvent[]) {
  const state = events.reduce(orderDecider.evolve, orderDecider.initialState());
  return {
    when: (command: OrderCommand) => {
      try {
        return { events: orderDecider.decide(command, state), error: null };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { events: [], error: error.code };
      }
    },
  };
}

const place = (items: OrderItem[], alreadyOwned: string[] = [], buyerId = 'buyer-1'): OrderCommand => ({
  type: 'PlaceOrder',
  orderId: 'order-1',
  buyerId,
  items,
  alreadyOwned,
  paymentId: 'pay_1',
});

const placed: OrderEvent = {
  type: 'commerce.order-placed',
  data: {
    orderId: 'order-1',
    buyerId: 'buyer-1',
    items: [item('a', 9900), item('b', 100, 'creator-2')],
    totalCents: 10_000,
    currency: 'CNY',
    paymentId: 'pay_1',
    provider: 'sandbox',
  },
};

const confirm = (amountCents = 10_000, currency = 'CNY'): OrderCommand => ({
  type: 'ConfirmPayment',
  providerEventId: 'evt_1',
  amountCents,
  currency,
  commissionBps: 2000,
});

describe('order decider', () => {
  it('places an order totalling its items', () => {
    const { events } = given([]).when(place([item('a', 9900), item('b', 100, 'creator-2')]));
    expect(events).toEqual([placed]);
  });

  it('refuses an order for content the buyer already owns, created, or priced in two currencies', () => {
    expect(given([]).when(place([item('a', 100)], ['a'])).error).toBe('COMMERCE.ALREADY_OWNED');
    expect(given([]).when(place([item('a', 100, 'buyer-1')])).error).toBe('COMMERCE.CANNOT_BUY_OWN_CONTENT');
    expect(given([]).when(place([item('a', 100), item('b', 100, 'creator-1', 'USD')])).error).toBe('COMMERCE.MIXED_CURRENCIES');
    expect(given([]).when(place([])).error).toBe('COMMERCE.EMPTY_ORDER');
    expect(given([placed]).when(place([item('a', 100)])).error).toBe('COMMERCE.ORDER_EXISTS');
  });

  it('is paid when the exact amount arrives, fixing each item\'s platform fee', () => {
    const { events } = given([placed]).when(confirm());
    expect(events).toEqual([
      {
        type: 'commerce.order-paid',
        data: {
          orderId: 'order-1',
          buyerId: 'buyer-1',
          paymentId: 'pay_1',
          providerEventId: 'evt_1',
          amountCents: 10_000,
          currency: 'CNY',
          items: [
            { contentId: 'a', creatorId: 'creator-1', priceCents: 9900, platformFeeCents: 1980 },
            { contentId: 'b', creatorId: 'creator-2', priceCents: 100, platformFeeCents: 20 },
          ],
        },
      },
    ]);
  });

  it('refuses a wrong amount or currency, and changes nothing on a second success', () => {
    expect(given([placed]).when(confirm(9999)).error).toBe('COMMERCE.PAYMENT_AMOUNT_MISMATCH');
    expect(given([placed]).when(confirm(10_000, 'USD')).error).toBe('COMMERCE.PAYMENT_AMOUNT_MISMATCH');
    const paid = given([placed]).when(confirm()).events;
    expect(given([placed, ...paid]).when(confirm())).toEqual({ events: [], error: null });
  });

  it('fails a pending order once; a failed order cannot be paid; a paid one ignores failure', () => {
    const failed = given([placed]).when({ type: 'FailPayment', providerEventId: 'evt_2', reason: 'card declined' }).events;
    expect(failed.map((e) => e.type)).toEqual(['commerce.payment-failed']);
    expect(given([placed, ...failed]).when(confirm()).error).toBe('COMMERCE.ORDER_NOT_PAYABLE');
    const paid = given([placed]).when(confirm()).events;
    expect(given([placed, ...paid]).when({ type: 'FailPayment', providerEventId: 'x', reason: 'late' }).events).toEqual([]);
  });

  it('rounds the platform fee half up to the cent', () => {
    expect(platformFee(9900, 2000)).toBe(1980);
    expect(platformFee(1, 5000)).toBe(1); // 0.5 cent rounds up
    expect(platformFee(1, 4999)).toBe(0);
    expect(platformFee(12345, 0)).toBe(0);
  });
});
