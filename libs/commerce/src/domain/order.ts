import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { OrderEvent, OrderItem, OrderPlaced, PaidItem } from './commerce-events.js';

export type OrderState =
  | { status: 'none' }
  | ({
      status: 'pending' | 'paid' | 'failed' | 'expired';
      /** A success reported after the order failed or expired has been recorded (refund due). */
      latePaymentRecorded: boolean;
    } & Omit<OrderPlaced['data'], 'provider'>);

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      buyerId: string;
      items: OrderItem[];
      /** Facts the handler looked up: which of the items the buyer already owns. */
      alreadyOwned: string[];
      paymentId: string;
      /** The end of the payment window (ISO 8601). */
      payableUntil: string;
    }
  | {
      type: 'ConfirmPayment';
      providerEventId: string;
      amountCents: number;
      currency: string;
      /** Platform commission in basis points, fixed into the event at payment time. */
      commissionBps: number;
      /** Facts the handler looked up: which of the order's items the buyer holds already. */
      alreadyOwned: string[];
    }
  | { type: 'FailPayment'; providerEventId: string; reason: string }
  /** The payment window may have passed: `now` is the caller's clock (ISO 8601). */
  | { type: 'ExpireOrder'; now: string };

/** The platform's cut of one item, rounded half up to the cent. */
export function platformFee(priceCents: number, commissionBps: number): number {
  return Math.floor((priceCents * commissionBps + 5000) / 10_000);
}

const sameItems = (a: readonly OrderItem[], b: readonly OrderItem[]) =>
  a.length === b.length && a.every((item, i) => item.contentId === b[i]!.contentId && item.priceCents === b[i]!.priceCents);

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.order-placed': {
        const { provider: _provider, ...placed } = event.data;
        return { status: 'pending', latePaymentRecorded: false, ...placed };
      }
      case 'commerce.order-paid':
        return state.status === 'none' ? state : { ...state, status: 'paid' };
      case 'commerce.payment-failed':
        return state.status === 'none' ? state : { ...state, status: 'failed' };
      case 'commerce.order-expired':
        return state.status === 'none' ? state : { ...state, status: 'expired' };
      case 'commerce.late-payment-received':
        return state.status === 'none' ? state : { ...state, latePaymentRecorded: true };
      case 'commerce.refund-due':
        return state;
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder': {
        // The order id derives from (buyer, Idempotency-Key): a retry of the same request finds it.
        if (state.status !== 'none') {
          if (state.buyerId === command.buyerId && sameItems(state.items, command.items)) return [];
          throw CommerceErrors.orderAlreadyPlaced();
        }
        const { items } = command;
        if (items.length === 0) throw CommerceErrors.emptyOrder();
        const own = items.filter((item) => item.creatorId === command.buyerId).map((item) => item.contentId);
        if (own.length > 0) throw CommerceErrors.ownContent(own);
        if (command.alreadyOwned.length > 0) throw CommerceErrors.alreadyOwned(command.alreadyOwned);
        const currency = items[0]!.currency;
        if (items.some((item) => item.currency !== currency)) throw CommerceErrors.mixedCurrencies();
        return [
          {
            type: 'commerce.order-placed',
            data: {
              orderId: command.orderId,
              buyerId: command.buyerId,
              items,
              totalCents: items.reduce((sum, item) => sum + item.priceCents, 0),
              currency,
              paymentId: command.paymentId,
              provider: 'sandbox',
              payableUntil: command.payableUntil,
            },
          },
        ];
      }
      case 'ConfirmPayment': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        if (state.status === 'paid') return []; // a repeated success changes nothing
        if (state.status === 'failed' || state.status === 'expired') {
          // The money arrived anyway: a fact for finance (refund due), once per payment, never an error the provider retries forever.
          if (state.latePaymentRecorded) return [];
          return [
            {
              type: 'commerce.late-payment-received',
              data: {
                orderId: state.orderId,
                buyerId: state.buyerId,
                paymentId: state.paymentId,
                providerEventId: command.providerEventId,
                amountCents: command.amountCents,
                currency: command.currency,
                contentIds: state.items.map((item) => item.contentId),
              },
            },
          ];
        }
        if (command.amountCents !== state.totalCents || command.currency !== state.currency) {
          throw CommerceErrors.amountMismatch();
        }
        const items: PaidItem[] = state.items.map((item) => ({
          contentId: item.contentId,
          creatorId: item.creatorId,
          priceCents: item.priceCents,
          platformFeeCents: platformFee(item.priceCents, command.commissionBps),
        }));
        const ungrantable = items.filter((item) => command.alreadyOwned.includes(item.contentId));
        const owedBack = ungrantable.reduce((sum, item) => sum + item.priceCents, 0);
        return [
          {
            type: 'commerce.order-paid',
            data: {
              orderId: state.orderId,
              buyerId: state.buyerId,
              paymentId: state.paymentId,
              providerEventId: command.providerEventId,
              amountCents: command.amountCents,
              currency: command.currency,
              items,
            },
          },
          // What was paid for items the buyer already held grants nothing: it is owed back.
          ...(owedBack === 0
            ? []
            : [
                {
                  type: 'commerce.refund-due' as const,
                  data: {
                    orderId: state.orderId,
                    buyerId: state.buyerId,
                    paymentId: state.paymentId,
                    reason: 'already-owned' as const,
                    amountCents: owedBack,
                    currency: state.currency,
                    items: ungrantable,
                  },
                },
              ]),
        ];
      }
      case 'FailPayment': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        // A failure report after the money arrived, after expiry, or a second one changes nothing.
        if (state.status !== 'pending') return [];
        return [
          {
            type: 'commerce.payment-failed',
            data: { orderId: state.orderId, paymentId: state.paymentId, providerEventId: command.providerEventId, reason: command.reason },
          },
        ];
      }
      case 'ExpireOrder': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        if (state.status !== 'pending') return []; // paid, failed or expired already: nothing to expire
        if (state.payableUntil === null || Date.parse(command.now) < Date.parse(state.payableUntil)) {
          throw CommerceErrors.orderNotDue(state.payableUntil);
        }
        return [{ type: 'commerce.order-expired', data: { orderId: state.orderId, paymentId: state.paymentId, expiredAt: command.now } }];
      }
    }
  },
};