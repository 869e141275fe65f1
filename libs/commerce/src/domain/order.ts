import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { OrderEvent, OrderItem, OrderPlaced, OrderedBundle, PaidItem, RefundedItem } from './commerce-events.js';
import { refundSplit } from './refund-allocation.js';

/** A refund of this order, from the buyer's request (or the provider's word) to the money moving. */
export interface OrderRefund {
  refundId: string;
  amountCents: number;
  status: 'requested' | 'approved' | 'rejected' | 'refunded';
}

export type OrderStatus = 'pending' | 'paid' | 'failed' | 'expired' | 'partially_refunded' | 'refunded' | 'charged_back';

/** Where an order can stand when its payment is charged back: it was captured. */
type ChargeableStatus = 'paid' | 'partially_refunded' | 'refunded';

export type OrderState =
  | { status: 'none' }
  | ({
      status: OrderStatus;
      /** A success reported after the order failed or expired has been recorded (refund due). */
      latePaymentRecorded: boolean;
      /** What the payment captured, item by item with the fees fixed then; null until paid. */
      captured: { amountCents: number; items: PaidItem[] } | null;
      refunds: OrderRefund[];
      /** What providers paid back so far, item by item. */
      refunded: RefundedItem[];
      /** The chargeback recorded (at most one: a payment is disputed once), and where the order stood before it. */
      chargeback: { amountCents: number; items: RefundedItem[]; lossCents: number; statusBefore: ChargeableStatus; refundedBefore: RefundedItem[] } | null;
      /** The dispute of that chargeback was won: the money came back. */
      disputeWon: boolean;
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
      /** The provider the payment is opened with (PAYMENT_PROVIDER when the order is placed). */
      provider: string;
      /** The end of the payment window (ISO 8601). */
      payableUntil: string;
      /** The coupon redeemed in the same transaction, whose discount the items' prices already carry. */
      coupon: { couponId: string; code: string; discountCents: number } | null;
      /** The bundle bought, whose price the items' prices already share (less the items priced out). */
      bundle: OrderedBundle | null;
    }
  | {
      type: 'ConfirmPayment';
      providerEventId: string;
      amountCents: number;
      currency: string;
      /** Platform commission in basis points for each item (by content id), fixed into the event at payment time. */
      commissionBps: Readonly<Record<string, number>>;
      /** Facts the handler looked up: which of the order's items the buyer holds already. */
      alreadyOwned: string[];
    }
  | { type: 'FailPayment'; providerEventId: string; reason: string }
  /** The payment window may have passed: `now` is the caller's clock (ISO 8601). */
  | { type: 'ExpireOrder'; now: string }
  | {
      type: 'RequestRefund';
      refundId: string;
      buyerId: string;
      /** Null: everything still refundable. */
      amountCents: number | null;
      reason: string;
      now: string;
      /** Facts the handler looked up: when the payment arrived, the operator's refund window, and how much the buyer studied. */
      paidAt: string;
      windowDays: number;
      /** Per item of the order the buyer opened lessons of: how many, of how many. */
      lessonsOpened: readonly { contentId: string; opened: number; of: number }[];
      /** Refused when any item had more than this share of its lessons opened (percent). */
      maxOpenedPercent: number;
    }
  | { type: 'ApproveRefund'; refundId: string; reviewerId: string; amountCents: number | null }
  /** A service the order paid for was not delivered (a paid question nobody answered in time): all that is left goes back, approved by the platform. */
  | { type: 'RefundUndelivered'; refundId: string; reason: string }
  | { type: 'RejectRefund'; refundId: string; reviewerId: string; reason: string }
  /** The provider says it paid this back (for a refund we asked for, or one made at the provider). */
  | { type: 'RecordRefund'; refundId: string; providerEventId: string; amountCents: number }
  /** The provider says the buyer's bank took the payment back (a dispute opened). */
  | { type: 'RecordChargeback'; providerEventId: string; amountCents: number }
  /** The provider says the dispute was won: the bank gave the money back. */
  | { type: 'RecordDisputeWon'; providerEventId: string };

/** The platform's cut of one item, rounded half up to the cent. */
export function platformFee(priceCents: number, commissionBps: number): number {
  return Math.floor((priceCents * commissionBps + 5000) / 10_000);
}

const paidStatuses: readonly OrderStatus[] = ['paid', 'partially_refunded'];
const sum = (amounts: readonly number[]) => amounts.reduce((a, b) => a + b, 0);

type PlacedState = Exclude<OrderState, { status: 'none' }>;

/** Captured money not yet paid back. */
const notRefunded = (state: PlacedState) => (state.captured?.amountCents ?? 0) - sum(state.refunded.map((item) => item.refundedCents));

/** Captured money neither paid back nor promised to another refund under way. */
const refundable = (state: PlacedState, except?: string) =>
  notRefunded(state) -
  sum(
    state.refunds
      .filter((refund) => refund.refundId !== except && (refund.status === 'requested' || refund.status === 'approved'))
      .map((refund) => refund.amountCents),
  );

const sameItems = (a: readonly OrderItem[], b: readonly OrderItem[]) =>
  a.length === b.length && a.every((item, i) => item.contentId === b[i]!.contentId && item.priceCents === b[i]!.priceCents);

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.order-placed': {
        const { provider: _provider, ...placed } = event.data;
        return { status: 'pending', latePaymentRecorded: false, captured: null, refunds: [], refunded: [], chargeback: null, disputeWon: false, ...placed };
      }
      case 'commerce.order-paid':
        return state.status === 'none'
          ? state
          : { ...state, status: 'paid', captured: { amountCents: event.data.amountCents, items: event.data.items } };
      case 'commerce.payment-failed':
        return state.status === 'none' ? state : { ...state, status: 'failed' };
      case 'commerce.order-expired':
        return state.status === 'none' ? state : { ...state, status: 'expired' };
      case 'commerce.late-payment-received':
        return state.status === 'none' ? state : { ...state, latePaymentRecorded: true };
      case 'commerce.refund-due':
        return state;
      case 'commerce.refund-requested':
        if (state.status === 'none') return state;
        return { ...state, refunds: [...state.refunds, { refundId: event.data.refundId, amountCents: event.data.amountCents, status: 'requested' }] };
      case 'commerce.refund-rejected':
        if (state.status === 'none') return state;
        return { ...state, refunds: state.refunds.map((refund) => (refund.refundId === event.data.refundId ? { ...refund, status: 'rejected' } : refund)) };
      case 'commerce.refund-approved':
        if (state.status === 'none') return state;
        return {
          ...state,
          refunds: state.refunds.map((refund) =>
            refund.refundId === event.data.refundId ? { ...refund, amountCents: event.data.amountCents, status: 'approved' } : refund,
          ),
        };
      case 'commerce.order-charged-back':
        if (state.status === 'none') return state;
        return {
          ...state,
          status: 'charged_back',
          refunded: [...state.refunded, ...event.data.items],
          chargeback: {
            amountCents: event.data.amountCents,
            items: event.data.items,
            lossCents: event.data.lossCents,
            statusBefore: state.status as ChargeableStatus,
            refundedBefore: state.refunded,
          },
        };
      case 'commerce.order-dispute-won':
        // The order stands where it stood before the chargeback: paid, partly or wholly refunded.
        if (state.status === 'none' || !state.chargeback) return state;
        return { ...state, status: state.chargeback.statusBefore, refunded: state.chargeback.refundedBefore, disputeWon: true };
      case 'commerce.order-refunded': {
        if (state.status === 'none') return state;
        const done: OrderRefund = { refundId: event.data.refundId, amountCents: event.data.amountCents, status: 'refunded' };
        const known = state.refunds.some((refund) => refund.refundId === done.refundId);
        return {
          ...state,
          status: event.data.fullyRefunded ? 'refunded' : 'partially_refunded',
          refunds: known ? state.refunds.map((refund) => (refund.refundId === done.refundId ? done : refund)) : [...state.refunds, done],
          refunded: [...state.refunded, ...event.data.items],
        };
      }
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
        const totalCents = items.reduce((sum, item) => sum + item.priceCents, 0);
        const placed: OrderEvent = {
          type: 'commerce.order-placed',
          data: {
            orderId: command.orderId,
            buyerId: command.buyerId,
            items,
            totalCents,
            currency,
            paymentId: command.paymentId,
            provider: command.provider,
            payableUntil: command.payableUntil,
            coupon: command.coupon,
            bundle: command.bundle,
          },
        };
        if (totalCents > 0) return [placed];
        // A redemption code (兑换码) that pays for everything: nothing to pay, so paid as placed.
        return [
          placed,
          {
            type: 'commerce.order-paid',
            data: {
              orderId: command.orderId,
              buyerId: command.buyerId,
              paymentId: command.paymentId,
              providerEventId: `redeemed:${command.orderId}`,
              amountCents: 0,
              currency,
              items: items.map(({ contentId, creatorId }) => ({ contentId, creatorId, priceCents: 0, platformFeeCents: 0 })),
            },
          },
        ];
      }
      case 'ConfirmPayment': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        if (state.status === 'paid' || state.status === 'partially_refunded' || state.status === 'refunded' || state.status === 'charged_back') return []; // a repeated success changes nothing
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
          platformFeeCents: platformFee(item.priceCents, command.commissionBps[item.contentId]!),
          ...(item.kind ? { kind: item.kind } : {}),
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
      case 'RequestRefund': {
        if (state.status === 'none' || state.buyerId !== command.buyerId) throw CommerceErrors.orderNotFound();
        if (state.refunds.some((refund) => refund.refundId === command.refundId)) return []; // the same request again
        if (!paidStatuses.includes(state.status)) throw CommerceErrors.orderNotPaid();
        const closesAt = Date.parse(command.paidAt) + command.windowDays * 86_400_000;
        if (Date.parse(command.now) > closesAt) throw CommerceErrors.refundWindowClosed(new Date(closesAt).toISOString());
        const studied = command.lessonsOpened.filter((item) => item.opened * 100 > command.maxOpenedPercent * item.of).map((item) => item.contentId);
        if (studied.length > 0) throw CommerceErrors.refundPolicyLessonsOpened(studied, command.maxOpenedPercent);
        const open = state.refunds.find((refund) => refund.status === 'requested' || refund.status === 'approved');
        if (open) throw CommerceErrors.refundInProgress(open.refundId);
        const left = refundable(state);
        const amountCents = command.amountCents ?? left;
        if (amountCents > left || amountCents <= 0) throw CommerceErrors.refundExceedsPayment(left);
        return [
          {
            type: 'commerce.refund-requested',
            data: { orderId: state.orderId, refundId: command.refundId, buyerId: state.buyerId, amountCents, reason: command.reason },
          },
        ];
      }
      case 'ApproveRefund': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        const refund = state.refunds.find((candidate) => candidate.refundId === command.refundId);
        if (!refund) throw CommerceErrors.refundNotFound();
        if (refund.status === 'approved' || refund.status === 'refunded') return []; // approved already
        if (refund.status === 'rejected') throw CommerceErrors.refundNotPending(refund.status);
        const left = refundable(state, refund.refundId);
        const amountCents = command.amountCents ?? refund.amountCents;
        if (amountCents > refund.amountCents || amountCents > left) throw CommerceErrors.refundExceedsPayment(Math.min(refund.amountCents, left));
        return [
          {
            type: 'commerce.refund-approved',
            data: { orderId: state.orderId, refundId: refund.refundId, reviewerId: command.reviewerId, amountCents },
          },
        ];
      }
      case 'RefundUndelivered': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        if (state.refunds.some((refund) => refund.refundId === command.refundId)) return []; // decided once already
        if (!paidStatuses.includes(state.status)) throw CommerceErrors.orderNotPaid();
        const open = state.refunds.find((refund) => refund.status === 'requested' || refund.status === 'approved');
        if (open) throw CommerceErrors.refundInProgress(open.refundId);
        const amountCents = refundable(state);
        if (amountCents <= 0) throw CommerceErrors.refundExceedsPayment(0);
        return [
          {
            type: 'commerce.refund-requested',
            data: { orderId: state.orderId, refundId: command.refundId, buyerId: state.buyerId, amountCents, reason: command.reason },
          },
          { type: 'commerce.refund-approved', data: { orderId: state.orderId, refundId: command.refundId, reviewerId: null, amountCents } },
        ];
      }
      case 'RejectRefund': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        const refund = state.refunds.find((candidate) => candidate.refundId === command.refundId);
        if (!refund) throw CommerceErrors.refundNotFound();
        if (refund.status === 'rejected') return []; // rejected already
        if (refund.status !== 'requested') throw CommerceErrors.refundNotPending(refund.status);
        return [
          {
            type: 'commerce.refund-rejected',
            data: { orderId: state.orderId, refundId: refund.refundId, reviewerId: command.reviewerId, reason: command.reason },
          },
        ];
      }
      case 'RecordRefund': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        if (state.refunds.some((refund) => refund.refundId === command.refundId && refund.status === 'refunded')) return [];
        // A refund can come in before the payment it returns (webhooks arrive in any order): not yet.
        if (!paidStatuses.includes(state.status) || !state.captured) throw CommerceErrors.orderNotPaid();
        const left = notRefunded(state);
        if (command.amountCents <= 0 || command.amountCents > left) throw CommerceErrors.refundExceedsPayment(left);
        return [
          {
            type: 'commerce.order-refunded',
            data: {
              orderId: state.orderId,
              refundId: command.refundId,
              buyerId: state.buyerId,
              paymentId: state.paymentId,
              providerEventId: command.providerEventId,
              amountCents: command.amountCents,
              currency: state.currency,
              items: refundSplit(state.captured.items, state.refunded, command.amountCents),
              fullyRefunded: command.amountCents === left,
            },
          },
        ];
      }
      case 'RecordChargeback': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        // A payment is disputed once: the same dispute told again (another event id, or after it was won) changes nothing.
        if (state.chargeback) return [];
        // A chargeback can come in before the payment it reverses: not yet.
        if (!state.captured) throw CommerceErrors.orderNotPaid();
        if (command.amountCents <= 0 || command.amountCents > state.captured.amountCents) {
          throw CommerceErrors.refundExceedsPayment(state.captured.amountCents);
        }
        const reversed = Math.min(command.amountCents, notRefunded(state));
        return [
          {
            type: 'commerce.order-charged-back',
            data: {
              orderId: state.orderId,
              buyerId: state.buyerId,
              paymentId: state.paymentId,
              providerEventId: command.providerEventId,
              amountCents: command.amountCents,
              currency: state.currency,
              items: refundSplit(state.captured.items, state.refunded, reversed),
              lossCents: command.amountCents - reversed,
            },
          },
        ];
      }
      case 'RecordDisputeWon': {
        if (state.status === 'none') throw CommerceErrors.orderNotFound();
        if (state.disputeWon) return []; // won already
        // A dispute won can come in before its chargeback (notifications in any order): not yet.
        if (!state.chargeback) throw CommerceErrors.paymentNotChargedBack();
        const { amountCents, items, lossCents, statusBefore } = state.chargeback;
        // Policy: access comes back as it was before the chargeback: an order refunded in full had none.
        const regranted = paidStatuses.includes(statusBefore) ? (state.captured?.items ?? []).filter((item) => item.kind !== 'question').map((item) => item.contentId) : [];
        return [
          {
            type: 'commerce.order-dispute-won',
            data: {
              orderId: state.orderId,
              buyerId: state.buyerId,
              paymentId: state.paymentId,
              providerEventId: command.providerEventId,
              amountCents,
              currency: state.currency,
              items,
              lossCents,
              orderStatus: statusBefore,
              regranted,
            },
          },
        ];
      }
    }
  },
};