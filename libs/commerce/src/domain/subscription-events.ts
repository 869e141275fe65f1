import type { DomainEvent } from '#platform/domain';
import type { Period } from './periods.js';

/** What a membership covers: one creator's catalogue (present and future), one content (a column), or everything (VIP). */
export type PlanScope = { kind: 'creator'; creatorId: string } | { kind: 'content'; contentId: string; creatorId: string } | { kind: 'platform' };

export interface PlanTerms {
  planId: string;
  name: string;
  scope: PlanScope;
  priceCents: number;
  currency: string;
  period: Period;
  trialDays: number;
  /** Who offers it: the creator of its scope, or the platform. */
  ownerId: string;
}

export type PlanCreated = DomainEvent<'commerce.plan-created', PlanTerms>;
/** No new subscriptions; existing ones run on. */
export type PlanRetired = DomainEvent<'commerce.plan-retired', { planId: string }>;
export type PlanEvent = PlanCreated | PlanRetired;

/** A member's subscription began: on trial until trialEndsAt, or waiting for its first payment. */
export type SubscriptionStarted = DomainEvent<
  'commerce.subscription-started',
  {
    subscriptionId: string;
    userId: string;
    plan: PlanTerms;
    startedAt: string;
    /** Set when it starts with a free trial: access until then, and the first charge then. */
    trialEndsAt: string | null;
  }
>;

/** A charge for a period: the first, a renewal, or a retry after a failed one. */
export type SubscriptionPaymentRequested = DomainEvent<
  'commerce.subscription-payment-requested',
  { subscriptionId: string; userId: string; paymentId: string; amountCents: number; currency: string; attempt: number; payableUntil: string }
>;

/** A period was paid for: access runs to periodEnd; the split is fixed at payment time. */
export type SubscriptionPeriodPaid = DomainEvent<
  'commerce.subscription-period-paid',
  {
    subscriptionId: string;
    userId: string;
    paymentId: string;
    providerEventId: string;
    /** The payment provider that took the money (events from before it was recorded: the one configured). */
    provider?: string;
    amountCents: number;
    currency: string;
    periodStart: string;
    periodEnd: string;
    /** Whose earnings it is (null: the platform's own, a VIP plan), and the platform's fee of it. */
    creatorId: string | null;
    platformFeeCents: number;
  }
>;

/** A charge failed: retried at retryAt, or, with none left, the subscription lapses at the end of its grace. */
export type SubscriptionPaymentFailed = DomainEvent<
  'commerce.subscription-payment-failed',
  { subscriptionId: string; userId: string; paymentId: string; reason: string; attempt: number; retryAt: string | null; graceEndsAt: string }
>;

/** The member canceled: it runs to the end of the period paid for, then ends. */
export type SubscriptionCanceled = DomainEvent<'commerce.subscription-canceled', { subscriptionId: string; userId: string; effectiveAt: string }>;
/** The member changed their mind before it ended: access runs to accessUntil again, and the next charge (or retry) is due at nextDueAt. */
export type SubscriptionResumed = DomainEvent<
  'commerce.subscription-resumed',
  { subscriptionId: string; userId: string; accessUntil: string; nextDueAt: string }
>;
export type SubscriptionExpired = DomainEvent<
  'commerce.subscription-expired',
  { subscriptionId: string; userId: string; expiredAt: string; reason: 'canceled' | 'unpaid' | 'charged_back' }
>;

/** A charge succeeded when the subscription no longer needed it (ended, or paid by another charge): owed back to the member. */
export type SubscriptionLatePaymentReceived = DomainEvent<
  'commerce.subscription-late-payment-received',
  {
    subscriptionId: string;
    userId: string;
    paymentId: string;
    providerEventId: string;
    /** The payment provider that took the money (events from before it was recorded: the one configured). */
    provider?: string;
    amountCents: number;
    currency: string;
  }
>;

/**
 * The member asked to move to another plan of the same owner, and the difference is charged first:
 * the new plan's price less the credit for the days left of the period paid (to the day).
 */
export type SubscriptionPlanChangeRequested = DomainEvent<
  'commerce.subscription-plan-change-requested',
  { subscriptionId: string; userId: string; paymentId: string; toPlan: PlanTerms; amountCents: number; currency: string; creditCents: number; payableUntil: string }
>;

/**
 * The subscription moved to another plan: a full period of it from periodStart, paid by the credit
 * for the days left of the old one and, when that was not enough, by the change's charge
 * (amountCents, split like a period; null paymentId when nothing was charged).
 */
export type SubscriptionPlanChanged = DomainEvent<
  'commerce.subscription-plan-changed',
  {
    subscriptionId: string;
    userId: string;
    fromPlanId: string;
    toPlan: PlanTerms;
    paymentId: string | null;
    providerEventId: string | null;
    /** The payment provider that took the change's charge, when there was one (older events: the one configured). */
    provider?: string;
    amountCents: number;
    currency: string;
    creditCents: number;
    periodStart: string;
    periodEnd: string;
    creatorId: string | null;
    platformFeeCents: number;
  }
>;

/** The change's charge failed or was not paid in time: the subscription stays on its plan. */
export type SubscriptionPlanChangeAbandoned = DomainEvent<
  'commerce.subscription-plan-change-abandoned',
  { subscriptionId: string; userId: string; paymentId: string; reason: string }
>;

/**
 * The member's bank took back (amountCents of) a payment that paid a period or a change of plan (a
 * chargeback, Stripe's dispute): the posting of that payment is reversed for that much, its split
 * scaled to it (platformFeeCents: the fee's share reversed; creatorId as the payment's).
 */
export type SubscriptionChargedBack = DomainEvent<
  'commerce.subscription-charged-back',
  {
    subscriptionId: string;
    userId: string;
    paymentId: string;
    providerEventId: string;
    /** The provider that took the money, and takes it back (older payments: the one configured). */
    provider?: string;
    amountCents: number;
    currency: string;
    creatorId: string | null;
    platformFeeCents: number;
  }
>;

/**
 * The member's bank took back (amountCents of) a payment that came too late and was owed back to
 * them (a late payment): what the bank returned is no longer owed. Access is not touched: that
 * payment bought nothing.
 */
export type SubscriptionLatePaymentChargedBack = DomainEvent<
  'commerce.subscription-late-payment-charged-back',
  {
    subscriptionId: string;
    userId: string;
    paymentId: string;
    providerEventId: string;
    /** The provider that took the money, and takes it back (older payments: the one configured). */
    provider?: string;
    amountCents: number;
    currency: string;
  }
>;

/**
 * The dispute of a membership payment's chargeback was won: the bank gave back what it took, so the
 * chargeback's posting is reversed by posting the payment again for that amount (a late payment: owed
 * back to the member again). When the chargeback had ended the membership and the time it paid for
 * runs on, the membership comes back to that time (restoredUntil), canceled: it does not renew unless
 * the member resumes it.
 */
export type SubscriptionDisputeWon = DomainEvent<
  'commerce.subscription-dispute-won',
  {
    subscriptionId: string;
    userId: string;
    paymentId: string;
    providerEventId: string;
    provider?: string;
    amountCents: number;
    currency: string;
    /** As the chargeback's: whose earnings it is again and the fee's share (a late payment: null and 0). */
    creatorId: string | null;
    platformFeeCents: number;
    /** The payment came too late and is owed back (its chargeback was a SubscriptionLatePaymentChargedBack). */
    latePayment: boolean;
    restoredUntil: string | null;
  }
>;

export type SubscriptionEvent =
  | SubscriptionChargedBack
  | SubscriptionLatePaymentChargedBack
  | SubscriptionDisputeWon
  | SubscriptionPlanChangeRequested
  | SubscriptionPlanChanged
  | SubscriptionPlanChangeAbandoned
  | SubscriptionStarted
  | SubscriptionPaymentRequested
  | SubscriptionPeriodPaid
  | SubscriptionPaymentFailed
  | SubscriptionCanceled
  | SubscriptionResumed
  | SubscriptionExpired
  | SubscriptionLatePaymentReceived;
