import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import { platformFee } from './order.js';
import { addDays, addPeriod } from './periods.js';
import type { PlanTerms, SubscriptionEvent } from './subscription-events.js';

export type SubscriptionStatus = 'trialing' | 'pending' | 'active' | 'past_due' | 'expired';

/** A move to another plan waiting for its charge. */
interface PendingChange {
  paymentId: string;
  toPlan: PlanTerms;
  amountCents: number;
  creditCents: number;
  payableUntil: string;
}

/** What a payment that paid a period or a change of plan posted: what a chargeback of it reverses. */
interface PaidCharge {
  amountCents: number;
  currency: string;
  provider?: string;
  creatorId: string | null;
  platformFeeCents: number;
}

/** A payment that came too late and is owed back to the member: what its chargeback gives back. */
interface LateCharge {
  amountCents: number;
  currency: string;
  provider?: string;
}

/** What a chargeback took from a payment, as its reversal must give it back. */
interface ChargebackTaken {
  amountCents: number;
  platformFeeCents: number;
  latePayment: boolean;
}

interface OpenPayment {
  paymentId: string;
  attempt: number;
  amountCents: number;
  payableUntil: string;
}

export type SubscriptionState =
  | { status: 'none' }
  | {
      status: SubscriptionStatus;
      subscriptionId: string;
      userId: string;
      plan: PlanTerms;
      /** The end of the time paid for (or of the trial): access runs to here, plus the grace while a renewal is retried. */
      paidUntil: string | null;
      /** Where the period paid last began: the days left of it are what a plan change credits. */
      periodStart: string | null;
      /** Canceled by the member: it ends at paidUntil. */
      canceled: boolean;
      openPayment: OpenPayment | null;
      pendingChange: PendingChange | null;
      /** Every charge ever asked for, those that paid a period, and those that came too late and are owed back. */
      requestedPayments: string[];
      paidPayments: string[];
      lateCharges: Record<string, LateCharge>;
      /** Charges asked for to change plan: one that succeeds after its change was given up is owed back. */
      changePayments: string[];
      /** What each payment in paidPayments posted, and what the member's bank took back since (chargebacks), by payment. */
      paidCharges: Record<string, PaidCharge>;
      chargebacks: Record<string, ChargebackTaken>;
      /** Payments whose dispute was won: the bank gave the money back. */
      disputesWon: string[];
      /** The payment whose chargeback ended this membership (cleared when it starts again or is restored). */
      endedByChargebackOf: string | null;
      /** After a failed charge: when the next is tried (null: none left), and when access ends if none succeeds. */
      nextRetryAt: string | null;
      graceEndsAt: string | null;
      failedAttempts: number;
      trialUsed: boolean;
    };

export interface BillingPolicy {
  /** Days after each failed charge before the next try; when they run out, the subscription lapses after the grace. */
  retryDays: readonly number[];
  graceDays: number;
}

export type SubscriptionCommand =
  | {
      type: 'Subscribe';
      subscriptionId: string;
      userId: string;
      /** Facts the handler looked up: the plan's terms and whether it still takes new members. */
      plan: PlanTerms;
      planRetired: boolean;
      /** What the plan opens that is off the catalogue (a column plan's column, unpublished or hidden): none may be started on. */
      offSale: string[];
      now: string;
      paymentId: string;
      payableUntil: string;
    }
  | {
      type: 'ConfirmSubscriptionPayment';
      paymentId: string;
      providerEventId: string;
      /** The provider whose event this is: where the money is held, for the ledger. */
      provider: string;
      amountCents: number;
      currency: string;
      now: string;
      /** The platform's commission on a creator's plan (the creator's agreed rate, or the default), fixed into the event. */
      commissionBps: number;
    }
  | { type: 'FailSubscriptionPayment'; paymentId: string; reason: string; now: string; policy: BillingPolicy }
  | {
      type: 'ChangePlan';
      /** Facts the handler looked up: the plan to move to, whether it takes new members, and whether the member has it already. */
      toPlan: PlanTerms;
      toPlanRetired: boolean;
      /** What the plan to move to opens that is off the catalogue, as `offSale` of Subscribe. */
      toPlanOffSale: string[];
      memberHasTarget: boolean;
      now: string;
      paymentId: string;
      payableUntil: string;
    }
  /** The member's bank took back (amountCents of) a payment (a chargeback). */
  | { type: 'RecordSubscriptionChargeback'; paymentId: string; providerEventId: string; amountCents: number; now: string }
  /** The dispute of that chargeback was won: the bank gave the money back. */
  | { type: 'RecordSubscriptionDisputeWon'; paymentId: string; providerEventId: string; now: string }
  | { type: 'CancelSubscription'; now: string }
  | { type: 'ResumeSubscription'; now: string }
  /**
   * The worker's, at an instant something was due (dueAt): an unpaid charge's window closed, a
   * renewal or retry is to be charged, or a canceled or unpaid subscription ends. Does what is due
   * now, if anything (a job made stale by a later event finds nothing to do).
   */
  | { type: 'SettleSubscription'; now: string; dueAt: string; paymentId: string; payableUntil: string; policy: BillingPolicy };

type Live = Exclude<SubscriptionState, { status: 'none' }>;

const after = (a: string, b: string) => Date.parse(a) >= Date.parse(b);

/** Renewals are charged this long before the paid time ends, so a failed charge can be retried before access would lapse. */
export const RENEWAL_LEAD_DAYS = 1;

export const subscriptionDecider: Decider<SubscriptionState, SubscriptionCommand, SubscriptionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'commerce.subscription-started') {
      const { subscriptionId, userId, plan, trialEndsAt } = event.data;
      const trialUsed = state.status !== 'none' && state.trialUsed;
      return {
        status: trialEndsAt ? 'trialing' : 'pending',
        subscriptionId,
        userId,
        plan,
        paidUntil: trialEndsAt,
        periodStart: trialEndsAt && event.data.startedAt,
        canceled: false,
        openPayment: null,
        pendingChange: null,
        requestedPayments: state.status === 'none' ? [] : state.requestedPayments,
        paidPayments: state.status === 'none' ? [] : state.paidPayments,
        lateCharges: state.status === 'none' ? {} : state.lateCharges,
        changePayments: state.status === 'none' ? [] : state.changePayments,
        paidCharges: state.status === 'none' ? {} : state.paidCharges,
        chargebacks: state.status === 'none' ? {} : state.chargebacks,
        disputesWon: state.status === 'none' ? [] : state.disputesWon,
        endedByChargebackOf: null,
        nextRetryAt: null,
        graceEndsAt: null,
        failedAttempts: 0,
        trialUsed: trialUsed || trialEndsAt !== null,
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'commerce.subscription-payment-requested': {
        const { paymentId, attempt, amountCents, payableUntil } = event.data;
        return {
          ...state,
          openPayment: { paymentId, attempt, amountCents, payableUntil },
          requestedPayments: [...state.requestedPayments, paymentId],
          nextRetryAt: null,
        };
      }
      case 'commerce.subscription-period-paid':
        return {
          ...state,
          status: 'active',
          paidUntil: event.data.periodEnd,
          periodStart: event.data.periodStart,
          openPayment: null,
          paidPayments: [...state.paidPayments, event.data.paymentId],
          paidCharges: { ...state.paidCharges, [event.data.paymentId]: paidCharge(event.data) },
          nextRetryAt: null,
          graceEndsAt: null,
          failedAttempts: 0,
        };
      case 'commerce.subscription-payment-failed':
        return {
          ...state,
          status: 'past_due',
          openPayment: null,
          nextRetryAt: event.data.retryAt,
          graceEndsAt: event.data.graceEndsAt,
          failedAttempts: event.data.attempt,
        };
      case 'commerce.subscription-canceled':
        // A charge in flight is not wanted any more: if it goes through, it is owed back.
        return { ...state, canceled: true, openPayment: null, pendingChange: null };
      case 'commerce.subscription-plan-change-requested': {
        const { paymentId, toPlan, amountCents, creditCents, payableUntil } = event.data;
        return {
          ...state,
          pendingChange: { paymentId, toPlan, amountCents, creditCents, payableUntil },
          requestedPayments: [...state.requestedPayments, paymentId],
          changePayments: [...state.changePayments, paymentId],
        };
      }
      case 'commerce.subscription-plan-changed':
        return {
          ...state,
          plan: event.data.toPlan,
          paidUntil: event.data.periodEnd,
          periodStart: event.data.periodStart,
          pendingChange: null,
          paidPayments: event.data.paymentId ? [...state.paidPayments, event.data.paymentId] : state.paidPayments,
          paidCharges: event.data.paymentId ? { ...state.paidCharges, [event.data.paymentId]: paidCharge(event.data) } : state.paidCharges,
        };
      case 'commerce.subscription-plan-change-abandoned':
        return { ...state, pendingChange: null };
      case 'commerce.subscription-resumed':
        return { ...state, canceled: false };
      case 'commerce.subscription-expired':
        return { ...state, status: 'expired', openPayment: null, pendingChange: null, nextRetryAt: null };
      case 'commerce.subscription-late-payment-received': {
        const { paymentId, amountCents, currency, provider } = event.data;
        return { ...state, lateCharges: { ...state.lateCharges, [paymentId]: { amountCents, currency, ...(provider === undefined ? {} : { provider }) } } };
      }
      case 'commerce.subscription-charged-back': {
        const { paymentId, amountCents, platformFeeCents } = event.data;
        return {
          ...state,
          chargebacks: { ...state.chargebacks, [paymentId]: { amountCents, platformFeeCents, latePayment: false } },
          // A running membership is ended by this chargeback (the expiry follows it in the same decision).
          endedByChargebackOf: state.status === 'expired' ? state.endedByChargebackOf : paymentId,
        };
      }
      case 'commerce.subscription-late-payment-charged-back': {
        const { paymentId, amountCents } = event.data;
        return { ...state, chargebacks: { ...state.chargebacks, [paymentId]: { amountCents, platformFeeCents: 0, latePayment: true } } };
      }
      case 'commerce.subscription-dispute-won': {
        const won = { ...state, disputesWon: [...state.disputesWon, event.data.paymentId] };
        if (event.data.restoredUntil === null) return won;
        return {
          ...won,
          status: 'active',
          canceled: true,
          paidUntil: event.data.restoredUntil,
          openPayment: null,
          nextRetryAt: null,
          graceEndsAt: null,
          endedByChargebackOf: null,
        };
      }
    }
  },

  decide(command, state) {
    if (command.type === 'Subscribe') return subscribe(command, state);
    if (state.status === 'none') throw CommerceErrors.subscriptionNotFound();
    switch (command.type) {
      case 'ConfirmSubscriptionPayment':
        return confirm(command, state);
      case 'FailSubscriptionPayment':
        if (state.pendingChange?.paymentId === command.paymentId) return abandonChange(state, state.pendingChange, command.reason);
        if (state.openPayment?.paymentId !== command.paymentId) return []; // an attempt already over
        return failOpenPayment(state, state.openPayment, command.reason, command.now, command.policy);
      case 'ChangePlan':
        return changePlan(command, state);
      case 'RecordSubscriptionChargeback':
        return chargeBack(command, state);
      case 'RecordSubscriptionDisputeWon':
        return winDispute(command, state);
      case 'CancelSubscription': {
        if (state.status === 'expired') throw CommerceErrors.subscriptionEnded();
        if (state.canceled) return [];
        const { subscriptionId, userId } = state;
        // Never paid (nor on trial): nothing to run on to.
        if (state.paidUntil === null) {
          return [{ type: 'commerce.subscription-expired', data: { subscriptionId, userId, expiredAt: command.now, reason: 'canceled' } }];
        }
        return [{ type: 'commerce.subscription-canceled', data: { subscriptionId, userId, effectiveAt: state.paidUntil } }];
      }
      case 'ResumeSubscription': {
        if (state.status === 'expired') throw CommerceErrors.subscriptionEnded();
        if (!state.canceled) return [];
        const resumed = { ...state, canceled: false };
        return [
          {
            type: 'commerce.subscription-resumed',
            data: { subscriptionId: state.subscriptionId, userId: state.userId, accessUntil: accessUntil(resumed)!, nextDueAt: nextDueAt(resumed)! },
          },
        ];
      }
      case 'SettleSubscription':
        return settle(command, state);
    }
  },
};

const paidCharge = (data: PaidCharge): PaidCharge => ({
  amountCents: data.amountCents,
  currency: data.currency,
  ...(data.provider === undefined ? {} : { provider: data.provider }),
  creatorId: data.creatorId,
  platformFeeCents: data.platformFeeCents,
});

/**
 * The member's bank took back a payment that paid a period or a change of plan. Policy: a period
 * charged back is a period unpaid, so the membership ends now (its access with it) and is not
 * renewed; the member can subscribe again, and pays again. The payment's posting is reversed for
 * the amount taken, its fee scaled to it. A repeated chargeback of one payment changes nothing; one
 * that overtook the payment's confirmation waits for it (refused as not paid yet).
 */
function chargeBack(command: Extract<SubscriptionCommand, { type: 'RecordSubscriptionChargeback' }>, state: Live): SubscriptionEvent[] {
  const { paymentId } = command;
  const { subscriptionId, userId } = state;
  // A payment is disputed once: the same dispute told again (another event id, or after it was won) changes nothing.
  if (paymentId in state.chargebacks) return [];
  const late = state.lateCharges[paymentId];
  if (late) {
    // A payment owed back that the bank returned instead: owed no more, and the membership is not touched.
    if (command.amountCents <= 0 || command.amountCents > late.amountCents) throw CommerceErrors.refundExceedsPayment(late.amountCents);
    return [
      {
        type: 'commerce.subscription-late-payment-charged-back',
        data: {
          subscriptionId,
          userId,
          paymentId,
          providerEventId: command.providerEventId,
          ...(late.provider === undefined ? {} : { provider: late.provider }),
          amountCents: command.amountCents,
          currency: late.currency,
        },
      },
    ];
  }
  const paid = state.paidCharges[paymentId];
  if (!paid) {
    if (state.requestedPayments.includes(paymentId)) throw CommerceErrors.subscriptionPaymentNotPaid();
    throw CommerceErrors.paymentNotFound();
  }
  if (command.amountCents <= 0 || command.amountCents > paid.amountCents) throw CommerceErrors.refundExceedsPayment(paid.amountCents);
  const platformFeeCents = paid.creatorId === null ? command.amountCents : Math.floor((paid.platformFeeCents * command.amountCents) / paid.amountCents);
  const chargedBack: SubscriptionEvent = {
    type: 'commerce.subscription-charged-back',
    data: {
      subscriptionId,
      userId,
      paymentId,
      providerEventId: command.providerEventId,
      ...(paid.provider === undefined ? {} : { provider: paid.provider }),
      amountCents: command.amountCents,
      currency: paid.currency,
      creatorId: paid.creatorId,
      platformFeeCents,
    },
  };
  if (state.status === 'expired') return [chargedBack];
  return [chargedBack, { type: 'commerce.subscription-expired', data: { subscriptionId, userId, expiredAt: command.now, reason: 'charged_back' } }];
}

/**
 * The dispute of a payment's chargeback was won: the bank gave back what it took. The chargeback's
 * posting is reversed (the payment posted again for that amount). Policy: a membership this
 * chargeback ended comes back, canceled, to the end of the time it had paid for, if that has not
 * passed and the member did not subscribe again since; it does not renew unless they resume it.
 * Otherwise only the money comes back. A second win changes nothing; one that overtook its
 * chargeback waits for it (refused until then).
 */
function winDispute(command: Extract<SubscriptionCommand, { type: 'RecordSubscriptionDisputeWon' }>, state: Live): SubscriptionEvent[] {
  const { paymentId } = command;
  if (state.disputesWon.includes(paymentId)) return [];
  const taken = state.chargebacks[paymentId];
  if (!taken) {
    if (state.requestedPayments.includes(paymentId)) throw CommerceErrors.paymentNotChargedBack();
    throw CommerceErrors.paymentNotFound();
  }
  const charge = taken.latePayment ? state.lateCharges[paymentId]! : state.paidCharges[paymentId]!;
  const restores =
    !taken.latePayment && state.status === 'expired' && state.endedByChargebackOf === paymentId && state.paidUntil !== null && !after(command.now, state.paidUntil);
  return [
    {
      type: 'commerce.subscription-dispute-won',
      data: {
        subscriptionId: state.subscriptionId,
        userId: state.userId,
        paymentId,
        providerEventId: command.providerEventId,
        ...(charge.provider === undefined ? {} : { provider: charge.provider }),
        amountCents: taken.amountCents,
        currency: charge.currency,
        creatorId: taken.latePayment ? null : (charge as PaidCharge).creatorId,
        platformFeeCents: taken.platformFeeCents,
        latePayment: taken.latePayment,
        restoredUntil: restores ? state.paidUntil : null,
      },
    },
  ];
}

/** Until when a live subscription opens its scope: its paid time (or trial), and the grace while a renewal is retried. */
function accessUntil(state: Live): string | null {
  return state.status === 'past_due' && !state.canceled ? state.graceEndsAt : state.paidUntil;
}

/** When the worker next has something to do for this subscription; null when nothing will be. */
export function nextDueAt(state: SubscriptionState): string | null {
  if (state.status === 'none' || state.status === 'expired') return null;
  if (state.openPayment) return state.openPayment.payableUntil;
  if (state.pendingChange) return state.pendingChange.payableUntil;
  if (state.canceled) return state.paidUntil;
  if (state.status === 'past_due') return state.nextRetryAt ?? state.graceEndsAt;
  return state.paidUntil && addDays(state.paidUntil, -RENEWAL_LEAD_DAYS);
}

function settle(command: Extract<SubscriptionCommand, { type: 'SettleSubscription' }>, state: Live): SubscriptionEvent[] {
  // A job that came early (clocks apart): refused, and the worker tries again later.
  if (!after(command.now, command.dueAt)) throw CommerceErrors.subscriptionNotDue(command.dueAt);
  if (state.status === 'expired') return [];
  const { subscriptionId, userId, now } = { ...state, now: command.now };
  if (state.openPayment) {
    if (!after(now, state.openPayment.payableUntil)) return [];
    return failOpenPayment(state, state.openPayment, 'not paid in time', now, command.policy);
  }
  // A renewal waits while a change is being paid: the change decides what the next charge is.
  if (state.pendingChange) {
    if (!after(now, state.pendingChange.payableUntil)) return [];
    return abandonChange(state, state.pendingChange, 'not paid in time');
  }
  if (state.canceled) {
    if (state.paidUntil === null || !after(now, state.paidUntil)) return [];
    return [{ type: 'commerce.subscription-expired', data: { subscriptionId, userId, expiredAt: now, reason: 'canceled' } }];
  }
  if (state.status === 'past_due' && state.nextRetryAt === null) {
    if (state.graceEndsAt === null || !after(now, state.graceEndsAt)) return [];
    return [{ type: 'commerce.subscription-expired', data: { subscriptionId, userId, expiredAt: now, reason: 'unpaid' } }];
  }
  const due = nextDueAt(state);
  if (due === null || !after(now, due)) return [];
  return [
    {
      type: 'commerce.subscription-payment-requested',
      data: {
        subscriptionId,
        userId,
        paymentId: command.paymentId,
        amountCents: state.plan.priceCents,
        currency: state.plan.currency,
        attempt: state.failedAttempts + 1,
        payableUntil: command.payableUntil,
      },
    },
  ];
}

/** A charge that failed or was never paid: retried after the policy's delay, or, with none left, the grace runs out. */
function failOpenPayment(state: Live, payment: OpenPayment, reason: string, now: string, policy: BillingPolicy): SubscriptionEvent[] {
  const { subscriptionId, userId } = state;
  // Never paid at all (the first charge): nothing to keep alive.
  if (state.paidUntil === null) {
    return [{ type: 'commerce.subscription-expired', data: { subscriptionId, userId, expiredAt: now, reason: 'unpaid' } }];
  }
  const delay = policy.retryDays[payment.attempt - 1];
  return [
    {
      type: 'commerce.subscription-payment-failed',
      data: {
        subscriptionId,
        userId,
        paymentId: payment.paymentId,
        reason,
        attempt: payment.attempt,
        retryAt: delay === undefined ? null : addDays(now, delay),
        graceEndsAt: addDays(state.paidUntil, policy.graceDays),
      },
    },
  ];
}

function subscribe(command: Extract<SubscriptionCommand, { type: 'Subscribe' }>, state: SubscriptionState): SubscriptionEvent[] {
  // One subscription per member and plan: asking again while it runs changes nothing.
  if (state.status !== 'none' && state.status !== 'expired') return [];
  if (command.planRetired) throw CommerceErrors.planRetired();
  // A column taken off the catalogue takes no new members; those it has keep their subscription.
  if (command.offSale.length > 0) throw CommerceErrors.notForSale(command.offSale);
  const trialUsed = state.status !== 'none' && state.trialUsed;
  const trialEndsAt = command.plan.trialDays > 0 && !trialUsed ? addDays(command.now, command.plan.trialDays) : null;
  const started: SubscriptionEvent = {
    type: 'commerce.subscription-started',
    data: { subscriptionId: command.subscriptionId, userId: command.userId, plan: command.plan, startedAt: command.now, trialEndsAt },
  };
  if (trialEndsAt) return [started];
  return [
    started,
    {
      type: 'commerce.subscription-payment-requested',
      data: {
        subscriptionId: command.subscriptionId,
        userId: command.userId,
        paymentId: command.paymentId,
        amountCents: command.plan.priceCents,
        currency: command.plan.currency,
        attempt: 1,
        payableUntil: command.payableUntil,
      },
    },
  ];
}

function confirm(command: Extract<SubscriptionCommand, { type: 'ConfirmSubscriptionPayment' }>, state: Live): SubscriptionEvent[] {
  const { paymentId } = command;
  if (state.paidPayments.includes(paymentId) || paymentId in state.lateCharges) return []; // a repeated success
  if (!state.requestedPayments.includes(paymentId)) throw CommerceErrors.paymentNotFound();
  if (state.pendingChange?.paymentId === paymentId) return completeChange(command, state, state.pendingChange);
  // A change's charge given up is owed back whatever it was; a period's must be the plan's price.
  const periodCharge = !state.changePayments.includes(paymentId);
  if (periodCharge && (command.amountCents !== state.plan.priceCents || command.currency !== state.plan.currency)) throw CommerceErrors.amountMismatch();
  // The charge in flight pays its period. One we had given up on that went through after all pays
  // the period still owed, if one is (past due, nothing else in flight); otherwise it is owed back.
  const stillWanted =
    state.openPayment?.paymentId === paymentId ||
    (periodCharge && state.status === 'past_due' && state.openPayment === null && !state.canceled);
  if (!stillWanted) {
    return [
      {
        type: 'commerce.subscription-late-payment-received',
        data: {
          subscriptionId: state.subscriptionId,
          userId: state.userId,
          paymentId,
          providerEventId: command.providerEventId,
          provider: command.provider,
          amountCents: command.amountCents,
          currency: command.currency,
        },
      },
    ];
  }
  // Periods follow on without a gap: a renewal paid early or late still starts where the last one ended.
  const periodStart = state.paidUntil ?? command.now;
  const creatorId = state.plan.scope.kind === 'platform' ? null : state.plan.scope.creatorId;
  return [
    {
      type: 'commerce.subscription-period-paid',
      data: {
        subscriptionId: state.subscriptionId,
        userId: state.userId,
        paymentId,
        providerEventId: command.providerEventId,
        provider: command.provider,
        amountCents: command.amountCents,
        currency: command.currency,
        periodStart,
        periodEnd: addPeriod(periodStart, state.plan.period),
        creatorId,
        // A VIP plan's money is the platform's own; a creator's plan is shared like a sale.
        platformFeeCents: creatorId === null ? command.amountCents : platformFee(command.amountCents, command.commissionBps),
      },
    },
  ];
}

const DAY_MS = 86_400_000;
const creatorOf = (plan: PlanTerms) => (plan.scope.kind === 'platform' ? null : plan.scope.creatorId);

/**
 * What the days left of the period paid are worth, to the day: the price of the period times the
 * whole days left of it over its days (a day begun counts as used). Rounded down: the member is
 * never credited more than they paid.
 */
export function creditForDaysLeft(state: { plan: PlanTerms; periodStart: string; paidUntil: string }, now: string): number {
  const periodDays = Math.max(1, Math.round((Date.parse(state.paidUntil) - Date.parse(state.periodStart)) / DAY_MS));
  const daysLeft = Math.min(periodDays, Math.max(0, Math.floor((Date.parse(state.paidUntil) - Date.parse(now)) / DAY_MS)));
  return Math.floor((state.plan.priceCents * daysLeft) / periodDays);
}

/**
 * Moves a paid subscription to another plan of the same owner: the new plan runs a full period from
 * now, paid by the credit for the days left of the old one and, for the rest, by a charge. A credit
 * larger than the new price buys the new plan's days beyond its period instead (to the day), so no
 * money goes back and forth for a downgrade.
 */
function changePlan(command: Extract<SubscriptionCommand, { type: 'ChangePlan' }>, state: Live): SubscriptionEvent[] {
  if (state.status === 'expired') throw CommerceErrors.subscriptionEnded();
  if (state.pendingChange) {
    if (state.pendingChange.toPlan.planId === command.toPlan.planId) return []; // asked again while it is being paid
    throw CommerceErrors.planChangePending();
  }
  if (command.toPlan.planId === state.plan.planId) return [];
  if (command.toPlanRetired) throw CommerceErrors.planRetired();
  if (command.toPlanOffSale.length > 0) throw CommerceErrors.notForSale(command.toPlanOffSale);
  if (command.toPlan.ownerId !== state.plan.ownerId || command.toPlan.currency !== state.plan.currency) throw CommerceErrors.planChangeNotAllowed();
  if (command.memberHasTarget) throw CommerceErrors.alreadySubscribed();
  if (state.status !== 'active' || state.canceled || state.openPayment || state.paidUntil === null || state.periodStart === null) {
    throw CommerceErrors.subscriptionNotChangeable();
  }
  const { subscriptionId, userId } = state;
  const { toPlan, now } = command;
  const creditCents = creditForDaysLeft({ plan: state.plan, periodStart: state.periodStart, paidUntil: state.paidUntil }, now);
  const dueCents = toPlan.priceCents - creditCents;
  if (dueCents > 0) {
    return [
      {
        type: 'commerce.subscription-plan-change-requested',
        data: { subscriptionId, userId, paymentId: command.paymentId, toPlan, amountCents: dueCents, currency: toPlan.currency, creditCents, payableUntil: command.payableUntil },
      },
    ];
  }
  const periodEnd = addPeriod(now, toPlan.period);
  const dailyCents = toPlan.priceCents / Math.max(1, Math.round((Date.parse(periodEnd) - Date.parse(now)) / DAY_MS));
  const extraDays = dailyCents > 0 ? Math.floor(-dueCents / dailyCents) : 0;
  return [
    {
      type: 'commerce.subscription-plan-changed',
      data: {
        subscriptionId,
        userId,
        fromPlanId: state.plan.planId,
        toPlan,
        paymentId: null,
        providerEventId: null,
        amountCents: 0,
        currency: toPlan.currency,
        creditCents,
        periodStart: now,
        periodEnd: addDays(periodEnd, extraDays),
        creatorId: creatorOf(toPlan),
        platformFeeCents: 0,
      },
    },
  ];
}

/** The change's charge went through: the new plan's period starts now. */
function completeChange(command: Extract<SubscriptionCommand, { type: 'ConfirmSubscriptionPayment' }>, state: Live, change: PendingChange): SubscriptionEvent[] {
  if (command.amountCents !== change.amountCents || command.currency !== change.toPlan.currency) throw CommerceErrors.amountMismatch();
  const creatorId = creatorOf(change.toPlan);
  return [
    {
      type: 'commerce.subscription-plan-changed',
      data: {
        subscriptionId: state.subscriptionId,
        userId: state.userId,
        fromPlanId: state.plan.planId,
        toPlan: change.toPlan,
        paymentId: change.paymentId,
        providerEventId: command.providerEventId,
        provider: command.provider,
        amountCents: command.amountCents,
        currency: command.currency,
        creditCents: change.creditCents,
        periodStart: command.now,
        periodEnd: addPeriod(command.now, change.toPlan.period),
        creatorId,
        platformFeeCents: creatorId === null ? command.amountCents : platformFee(command.amountCents, command.commissionBps),
      },
    },
  ];
}

function abandonChange(state: Live, change: PendingChange, reason: string): SubscriptionEvent[] {
  return [
    { type: 'commerce.subscription-plan-change-abandoned', data: { subscriptionId: state.subscriptionId, userId: state.userId, paymentId: change.paymentId, reason } },
  ];
}
