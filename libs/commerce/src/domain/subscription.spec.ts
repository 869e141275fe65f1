import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { PlanTerms, SubscriptionEvent } from './subscription-events.js';
import { type BillingPolicy, nextDueAt, type SubscriptionCommand, subscriptionDecider } from './subscription.js';

const { given } = deciderSpec(subscriptionDecider);

const policy: BillingPolicy = { retryDays: [1, 3], graceDays: 7 };
const plan: PlanTerms = {
  planId: 'plan-1',
  name: '年度会员',
  scope: { kind: 'creator', creatorId: 'c1' },
  priceCents: 10_000,
  currency: 'CNY',
  period: { unit: 'month', count: 1 },
  trialDays: 0,
  ownerId: 'c1',
};
const trialPlan: PlanTerms = { ...plan, trialDays: 7 };
const vip: PlanTerms = { ...plan, scope: { kind: 'platform' }, ownerId: 'admin' };

const JAN = '2026-01-31T10:00:00.000Z';
const FEB_END = '2026-02-28T10:00:00.000Z';
const MAR_END = '2026-03-28T10:00:00.000Z';
const ids = { subscriptionId: 's1', userId: 'u1' };

const subscribe = (terms = plan, now = JAN, planRetired = false, offSale: string[] = []): SubscriptionCommand => ({
  type: 'Subscribe',
  ...ids,
  plan: terms,
  planRetired,
  offSale,
  now,
  paymentId: 'pay-1',
  payableUntil: '2026-01-31T10:30:00.000Z',
});
const started = (terms = plan, trialEndsAt: string | null = null, startedAt = JAN): SubscriptionEvent => ({
  type: 'commerce.subscription-started',
  data: { ...ids, plan: terms, startedAt, trialEndsAt },
});
const requested = (paymentId: string, attempt = 1, payableUntil = '2026-01-31T10:30:00.000Z'): SubscriptionEvent => ({
  type: 'commerce.subscription-payment-requested',
  data: { ...ids, paymentId, amountCents: 10_000, currency: 'CNY', attempt, payableUntil },
});
const periodPaid = (paymentId: string, periodStart: string, periodEnd: string, terms = plan): SubscriptionEvent => ({
  type: 'commerce.subscription-period-paid',
  data: {
    ...ids,
    paymentId,
    providerEventId: `evt-${paymentId}`,
    provider: 'alipay',
    amountCents: 10_000,
    currency: 'CNY',
    periodStart,
    periodEnd,
    creatorId: terms.scope.kind === 'platform' ? null : 'c1',
    platformFeeCents: terms.scope.kind === 'platform' ? 10_000 : 2_000,
  },
});
const failed = (paymentId: string, attempt: number, retryAt: string | null, graceEndsAt = '2026-03-07T10:00:00.000Z'): SubscriptionEvent => ({
  type: 'commerce.subscription-payment-failed',
  data: { ...ids, paymentId, reason: 'card declined', attempt, retryAt, graceEndsAt },
});
const canceled = (effectiveAt = FEB_END): SubscriptionEvent => ({ type: 'commerce.subscription-canceled', data: { ...ids, effectiveAt } });
const expired = (expiredAt: string, reason: 'canceled' | 'unpaid'): SubscriptionEvent => ({
  type: 'commerce.subscription-expired',
  data: { ...ids, expiredAt, reason },
});
const confirm = (paymentId: string, now = '2026-01-31T10:05:00.000Z', amountCents = 10_000, currency = 'CNY'): SubscriptionCommand => ({
  type: 'ConfirmSubscriptionPayment',
  paymentId,
  providerEventId: `evt-${paymentId}`,
  provider: 'alipay',
  amountCents,
  currency,
  now,
  commissionBps: 2000,
});
const fail = (paymentId: string, now: string): SubscriptionCommand => ({ type: 'FailSubscriptionPayment', paymentId, reason: 'card declined', now, policy });
const settle = (now: string, dueAt = now, paymentId = 'pay-next'): SubscriptionCommand => ({
  type: 'SettleSubscription',
  now,
  dueAt,
  paymentId,
  payableUntil: '2099-01-01T00:00:00.000Z',
  policy,
});

/** Paid once, from JAN to FEB_END. */
const active = [started(), requested('pay-1'), periodPaid('pay-1', '2026-01-31T10:05:00.000Z', FEB_END)];
/** Its renewal (due a day before FEB_END) asked for and failed once; retried a day later. */
const renewalRequested = [...active, requested('pay-2', 1, '2026-02-27T10:30:00.000Z')];
const pastDue = [...renewalRequested, failed('pay-2', 1, '2026-02-28T10:00:00.000Z')];

describe('subscription decider: subscribing', () => {
  it('starts waiting for its first charge, or on a trial that ends trialDays later', () => {
    given([]).when(subscribe()).then([started(), requested('pay-1')]);
    given([]).when(subscribe(trialPlan)).then([started(trialPlan, '2026-02-07T10:00:00.000Z')]);
  });
  it('is a no-op while the subscription runs, whatever state it is in', () => {
    given([started()]).when(subscribe()).then([]);
    given(active).when(subscribe()).then([]);
    given(pastDue).when(subscribe()).then([]);
    given([...active, canceled()]).when(subscribe()).then([]);
  });
  it('starts again after it ended, without a second trial', () => {
    const ended = [started(trialPlan, '2026-02-07T10:00:00.000Z'), canceled('2026-02-07T10:00:00.000Z'), expired('2026-02-07T10:00:00.000Z', 'canceled')];
    given(ended).when(subscribe(trialPlan, MAR_END)).then([started(trialPlan, null, MAR_END), requested('pay-1')]);
    // One that ended without a trial has not used it.
    const endedUnpaid = [started(), requested('pay-1'), expired('2026-01-31T10:30:00.000Z', 'unpaid')];
    given(endedUnpaid).when(subscribe(trialPlan, MAR_END)).then([started(trialPlan, '2026-04-04T10:00:00.000Z', MAR_END)]);
  });
  it('refuses a plan that takes no new members', () => given([]).when(subscribe(plan, JAN, true)).thenRefuses('COMMERCE.PLAN_RETIRED', 'conflict'));
  it('refuses to start on a column taken off the catalogue, and leaves a running subscription to it as it is', () => {
    const column: PlanTerms = { ...plan, scope: { kind: 'content', contentId: 'col-1', creatorId: 'c1' } };
    given([]).when(subscribe(column, JAN, false, ['col-1'])).thenRefuses('COMMERCE.CONTENT_NOT_FOR_SALE', 'invalid');
    given([started(column), canceled(JAN), expired(JAN, 'canceled')]).when(subscribe(column, MAR_END, false, ['col-1'])).thenRefuses('COMMERCE.CONTENT_NOT_FOR_SALE');
    given([started(column), requested('pay-1'), periodPaid('pay-1', JAN, FEB_END, column)]).when(subscribe(column, JAN, false, ['col-1'])).then([]);
  });
  it('refuses anything else on a subscription that does not exist', () => {
    given([]).when(confirm('pay-1')).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_FOUND', 'not_found');
    given([]).when({ type: 'CancelSubscription', now: JAN }).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_FOUND');
    given([]).when(settle(JAN)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_FOUND');
  });
});

describe('subscription decider: charges', () => {
  it('pays the first period from the moment it is paid, and each renewal from where the last period ended', () => {
    given([started(), requested('pay-1')]).when(confirm('pay-1')).then([periodPaid('pay-1', '2026-01-31T10:05:00.000Z', '2026-02-28T10:05:00.000Z')]);
    given(renewalRequested).when(confirm('pay-2', '2026-02-27T11:00:00.000Z')).then([periodPaid('pay-2', FEB_END, MAR_END)]);
  });
  it('splits a creator plan like a sale, and keeps a VIP plan whole as the platform\'s', () => {
    const [event] = subscriptionDecider.decide(confirm('pay-1'), foldEvents(subscriptionDecider, [started(vip), requested('pay-1')]));
    expect(event).toMatchObject({ data: { creatorId: null, platformFeeCents: 10_000 } });
    const [creatorEvent] = subscriptionDecider.decide(confirm('pay-1'), foldEvents(subscriptionDecider, [started(), requested('pay-1')]));
    expect(creatorEvent).toMatchObject({ data: { creatorId: 'c1', platformFeeCents: 2_000 } });
  });
  it('ignores a repeated success', () => given(active).when(confirm('pay-1')).then([]));
  it('refuses a payment it never asked for, and an amount or currency other than the plan\'s', () => {
    given(active).when(confirm('pay-x')).thenRefuses('COMMERCE.PAYMENT_NOT_FOUND', 'not_found');
    given(renewalRequested).when(confirm('pay-2', FEB_END, 9_999)).thenRefuses('COMMERCE.PAYMENT_AMOUNT_MISMATCH', 'invalid');
    given(renewalRequested).when(confirm('pay-2', FEB_END, 10_000, 'USD')).thenRefuses('COMMERCE.PAYMENT_AMOUNT_MISMATCH');
  });
  it('lets a failed charge that went through after all pay the period still owed', () =>
    given(pastDue).when(confirm('pay-2', FEB_END)).then([periodPaid('pay-2', FEB_END, MAR_END)]));
  it('owes back a charge nobody needs any more: after the end, after cancelling, or once another charge paid', () => {
    const late = (paymentId: string): SubscriptionEvent => ({
      type: 'commerce.subscription-late-payment-received',
      data: { ...ids, paymentId, providerEventId: `evt-${paymentId}`, provider: 'alipay', amountCents: 10_000, currency: 'CNY' },
    });
    const neverPaid = [started(), requested('pay-1'), expired('2026-01-31T10:30:00.000Z', 'unpaid')];
    given(neverPaid).when(confirm('pay-1')).then([late('pay-1')]);
    given([...neverPaid, late('pay-1')]).when(confirm('pay-1')).then([]);
    given([...renewalRequested, canceled()]).when(confirm('pay-2')).then([late('pay-2')]);
    const retriedAndPaid = [...pastDue, requested('pay-3', 2), periodPaid('pay-3', FEB_END, MAR_END)];
    given(retriedAndPaid).when(confirm('pay-2')).then([late('pay-2')]);
    // A retry in flight: the old charge does not pay the period too.
    given([...pastDue, requested('pay-3', 2)]).when(confirm('pay-2')).then([late('pay-2')]);
  });
  it('retries a failed renewal after the policy\'s delays, then lets the grace run out', () => {
    given(renewalRequested).when(fail('pay-2', '2026-02-27T10:00:00.000Z')).then([failed('pay-2', 1, FEB_END)]);
    const secondTry = [...pastDue, requested('pay-3', 2)];
    given(secondTry)
      .when(fail('pay-3', FEB_END))
      .then([{ ...failed('pay-3', 2, '2026-03-03T10:00:00.000Z') }]);
    const thirdTry = [...secondTry, failed('pay-3', 2, '2026-03-03T10:00:00.000Z'), requested('pay-4', 3)];
    given(thirdTry).when(fail('pay-4', '2026-03-03T10:00:00.000Z')).then([failed('pay-4', 3, null)]);
  });
  it('ends a subscription whose first charge failed: there was nothing to keep alive', () =>
    given([started(), requested('pay-1')]).when(fail('pay-1', JAN)).then([expired(JAN, 'unpaid')]));
  it('ignores a failure of a charge that is over', () => {
    given(active).when(fail('pay-1', JAN)).then([]);
    given(pastDue).when(fail('pay-2', FEB_END)).then([]);
  });
});

describe('subscription decider: cancel and resume', () => {
  it('runs a canceled subscription to the end of its paid time; one never paid ends at once', () => {
    given(active).when({ type: 'CancelSubscription', now: '2026-02-10T00:00:00.000Z' }).then([canceled(FEB_END)]);
    given([started(), requested('pay-1')]).when({ type: 'CancelSubscription', now: JAN }).then([expired(JAN, 'canceled')]);
  });
  it('is a no-op to cancel twice or resume what runs', () => {
    given([...active, canceled()]).when({ type: 'CancelSubscription', now: JAN }).then([]);
    given(active).when({ type: 'ResumeSubscription', now: JAN }).then([]);
  });
  it('refuses to cancel or resume what has ended', () => {
    const ended = [...active, canceled(), expired(FEB_END, 'canceled')];
    given(ended).when({ type: 'CancelSubscription', now: MAR_END }).thenRefuses('COMMERCE.SUBSCRIPTION_ENDED', 'conflict');
    given(ended).when({ type: 'ResumeSubscription', now: MAR_END }).thenRefuses('COMMERCE.SUBSCRIPTION_ENDED', 'conflict');
  });
  it('resumes to the paid time and the next renewal, or to the grace and the next retry when a renewal had failed', () => {
    given([...active, canceled()])
      .when({ type: 'ResumeSubscription', now: '2026-02-10T00:00:00.000Z' })
      .then([{ type: 'commerce.subscription-resumed', data: { ...ids, accessUntil: FEB_END, nextDueAt: '2026-02-27T10:00:00.000Z' } }]);
    given([...pastDue, canceled()])
      .when({ type: 'ResumeSubscription', now: FEB_END })
      .then([{ type: 'commerce.subscription-resumed', data: { ...ids, accessUntil: '2026-03-07T10:00:00.000Z', nextDueAt: FEB_END } }]);
  });
});

describe('subscription decider: what the worker settles', () => {
  it('refuses a job that came before its time, so it is tried again', () =>
    given(active).when(settle('2026-02-27T09:59:59.999Z', '2026-02-27T10:00:00.000Z')).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_DUE', 'conflict'));
  it('charges a renewal a day before the paid time (or the trial) ends, and not before', () => {
    given(active).when(settle('2026-02-27T10:00:00.000Z')).then([requested('pay-next', 1, '2099-01-01T00:00:00.000Z')]);
    given(active).when(settle('2026-02-27T09:59:59.999Z', JAN)).then([]);
    const trial = [started(trialPlan, '2026-02-07T10:00:00.000Z')];
    given(trial).when(settle('2026-02-06T10:00:00.000Z')).then([requested('pay-next', 1, '2099-01-01T00:00:00.000Z')]);
  });
  it('retries a failed renewal when its retry is due', () => {
    given(pastDue).when(settle(FEB_END)).then([requested('pay-next', 2, '2099-01-01T00:00:00.000Z')]);
    given(pastDue).when(settle('2026-02-28T09:00:00.000Z', JAN)).then([]);
  });
  it('fails a charge nobody paid in its window, and leaves one still payable', () => {
    given(renewalRequested)
      .when(settle('2026-02-27T10:30:00.000Z'))
      .then([{ type: 'commerce.subscription-payment-failed', data: { ...failed('pay-2', 1, '2026-02-28T10:30:00.000Z').data, reason: 'not paid in time' } as never }]);
    given(renewalRequested).when(settle('2026-02-27T10:29:00.000Z', JAN)).then([]);
    given([started(), requested('pay-1')]).when(settle('2026-01-31T10:30:00.000Z')).then([expired('2026-01-31T10:30:00.000Z', 'unpaid')]);
  });
  it('ends a canceled subscription when its paid time is over, not before', () => {
    given([...active, canceled()]).when(settle(FEB_END)).then([expired(FEB_END, 'canceled')]);
    given([...active, canceled()]).when(settle('2026-02-27T10:00:00.000Z')).then([]);
  });
  it('ends an unpaid subscription when its grace is over and no retry is left, not before', () => {
    const noRetryLeft = [...pastDue, requested('pay-3', 2), failed('pay-3', 2, null)];
    given(noRetryLeft).when(settle('2026-03-07T10:00:00.000Z')).then([expired('2026-03-07T10:00:00.000Z', 'unpaid')]);
    given(noRetryLeft).when(settle('2026-03-07T09:00:00.000Z')).then([]);
  });
  it('finds nothing to do for a subscription that ended', () => given([...active, canceled(), expired(FEB_END, 'canceled')]).when(settle(MAR_END)).then([]));
});

describe('when a subscription next needs the worker', () => {
  const at = (events: SubscriptionEvent[]) => nextDueAt(foldEvents(subscriptionDecider, events));
  it('follows its state', () => {
    expect(at([])).toBeNull();
    expect(at(active)).toBe('2026-02-27T10:00:00.000Z');
    expect(at(renewalRequested)).toBe('2026-02-27T10:30:00.000Z');
    expect(at(pastDue)).toBe(FEB_END);
    expect(at([...pastDue, requested('pay-3', 2), failed('pay-3', 2, null)])).toBe('2026-03-07T10:00:00.000Z');
    expect(at([...active, canceled()])).toBe(FEB_END);
    expect(at([...active, canceled(), expired(FEB_END, 'canceled')])).toBeNull();
  });
});

describe('subscription decider: changing plan', () => {
  const gold: PlanTerms = { ...plan, planId: 'plan-gold', name: '黄金会员', priceCents: 30_000 };
  const lite: PlanTerms = { ...plan, planId: 'plan-lite', name: '轻享会员', priceCents: 2_000 };
  const MID_FEB = '2026-02-14T10:00:00.000Z'; // 14 of the period's 28 days left: a credit of 5,000
  const change = (toPlan: PlanTerms, options: { now?: string; retired?: boolean; offSale?: string[]; held?: boolean } = {}): SubscriptionCommand => ({
    type: 'ChangePlan',
    toPlan,
    toPlanRetired: options.retired ?? false,
    toPlanOffSale: options.offSale ?? [],
    memberHasTarget: options.held ?? false,
    now: options.now ?? MID_FEB,
    paymentId: 'pay-change',
    payableUntil: '2026-02-14T10:30:00.000Z',
  });
  const changeRequested: SubscriptionEvent = {
    type: 'commerce.subscription-plan-change-requested',
    data: { ...ids, paymentId: 'pay-change', toPlan: gold, amountCents: 25_000, currency: 'CNY', creditCents: 5_000, payableUntil: '2026-02-14T10:30:00.000Z' },
  };
  const changedToGold: SubscriptionEvent = {
    type: 'commerce.subscription-plan-changed',
    data: {
      ...ids,
      fromPlanId: 'plan-1',
      toPlan: gold,
      paymentId: 'pay-change',
      providerEventId: 'evt-pay-change',
      provider: 'alipay',
      amountCents: 25_000,
      currency: 'CNY',
      creditCents: 5_000,
      periodStart: '2026-02-14T10:10:00.000Z',
      periodEnd: '2026-03-14T10:10:00.000Z',
      creatorId: 'c1',
      platformFeeCents: 5_000,
    },
  };
  const abandoned = (reason: string): SubscriptionEvent => ({
    type: 'commerce.subscription-plan-change-abandoned',
    data: { ...ids, paymentId: 'pay-change', reason },
  });

  it('charges an upgrade the new price less the credit for the whole days left, and moves once that is paid', () => {
    given(active).when(change(gold)).then([changeRequested]);
    given([...active, changeRequested]).when(confirm('pay-change', '2026-02-14T10:10:00.000Z', 25_000)).then([changedToGold]);
  });
  it('reverses a change\'s charge taken back by the bank, its fee scaled to the part taken, and ends the membership', () => {
    const at = '2026-02-20T00:00:00.000Z';
    given([...active, changeRequested, changedToGold])
      .when({ type: 'RecordSubscriptionChargeback', paymentId: 'pay-change', providerEventId: 'du-1', amountCents: 12_500, now: at })
      .then([
        {
          type: 'commerce.subscription-charged-back',
          data: { ...ids, paymentId: 'pay-change', providerEventId: 'du-1', provider: 'alipay', amountCents: 12_500, currency: 'CNY', creatorId: 'c1', platformFeeCents: 2_500 },
        },
        { type: 'commerce.subscription-expired', data: { ...ids, expiredAt: at, reason: 'charged_back' } },
      ]);
  });
  it('moves a downgrade at once, the credit beyond the new price buying extra days of it (to the day)', () => {
    // 5,000 credit − 2,000 price = 3,000 left, at 2,000 / 28 days a day: 42 more days after 14 March.
    given(active)
      .when(change(lite))
      .then([
        {
          type: 'commerce.subscription-plan-changed',
          data: {
            ...ids,
            fromPlanId: 'plan-1',
            toPlan: lite,
            paymentId: null,
            providerEventId: null,
            amountCents: 0,
            currency: 'CNY',
            creditCents: 5_000,
            periodStart: MID_FEB,
            periodEnd: '2026-04-25T10:00:00.000Z',
            creatorId: 'c1',
            platformFeeCents: 0,
          },
        },
      ]);
  });
  it('renews at the new plan\'s price once moved', () => {
    const [event] = subscriptionDecider.decide(settle('2026-03-13T10:10:00.000Z'), foldEvents(subscriptionDecider, [...active, changeRequested, changedToGold]));
    expect(event).toMatchObject({ type: 'commerce.subscription-payment-requested', data: { amountCents: 30_000 } });
  });
  it('credits nothing for a day already begun, and never more than was paid', () => {
    const [lastHour] = subscriptionDecider.decide(change(gold, { now: '2026-02-28T09:00:00.000Z' }), foldEvents(subscriptionDecider, active));
    expect(lastHour).toMatchObject({ data: { creditCents: 0, amountCents: 30_000 } });
  });
  it('is a no-op for the plan it is on, and for the same change asked again while it is being paid', () => {
    given(active).when(change(plan)).then([]);
    given([...active, changeRequested]).when(change(gold)).then([]);
  });
  it('refuses another change while one waits for its payment', () =>
    given([...active, changeRequested]).when(change(lite)).thenRefuses('COMMERCE.PLAN_CHANGE_PENDING', 'conflict'));
  it('refuses a plan that takes no new members', () => given(active).when(change(gold, { retired: true })).thenRefuses('COMMERCE.PLAN_RETIRED', 'conflict'));
  it('refuses a plan whose column is off the catalogue', () =>
    given(active).when(change(gold, { offSale: ['col-1'] })).thenRefuses('COMMERCE.CONTENT_NOT_FOR_SALE', 'invalid'));
  it('refuses a plan of another owner or in another currency', () => {
    given(active).when(change({ ...gold, ownerId: 'c2', scope: { kind: 'creator', creatorId: 'c2' } })).thenRefuses('COMMERCE.PLAN_CHANGE_NOT_ALLOWED', 'invalid');
    given(active).when(change({ ...gold, currency: 'USD' })).thenRefuses('COMMERCE.PLAN_CHANGE_NOT_ALLOWED');
  });
  it('refuses a plan the member holds already', () => given(active).when(change(gold, { held: true })).thenRefuses('COMMERCE.ALREADY_SUBSCRIBED', 'conflict'));
  it('refuses unless paid and running with nothing in flight', () => {
    given([started(), requested('pay-1')]).when(change(gold)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE', 'conflict');
    given([started(trialPlan, '2026-02-07T10:00:00.000Z')]).when(change(gold)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE');
    given(renewalRequested).when(change(gold)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE');
    given(pastDue).when(change(gold)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE');
    given([...active, canceled()]).when(change(gold)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_CHANGEABLE');
  });
  it('refuses a subscription that ended', () =>
    given([...active, canceled(), expired(FEB_END, 'canceled')]).when(change(gold)).thenRefuses('COMMERCE.SUBSCRIPTION_ENDED', 'conflict'));
  it('refuses a change\'s charge of another amount', () =>
    given([...active, changeRequested]).when(confirm('pay-change', MID_FEB, 30_000)).thenRefuses('COMMERCE.PAYMENT_AMOUNT_MISMATCH'));
  it('gives the change up when its charge fails or is not paid in time, and owes back one that goes through after', () => {
    given([...active, changeRequested]).when(fail('pay-change', MID_FEB)).then([abandoned('card declined')]);
    given([...active, changeRequested]).when(settle('2026-02-14T10:30:00.000Z')).then([abandoned('not paid in time')]);
    given([...active, changeRequested]).when(settle('2026-02-14T10:29:00.000Z', JAN)).then([]);
    given([...active, changeRequested, abandoned('card declined')])
      .when(confirm('pay-change', MID_FEB, 25_000))
      .then([
        {
          type: 'commerce.subscription-late-payment-received',
          data: { ...ids, paymentId: 'pay-change', providerEventId: 'evt-pay-change', provider: 'alipay', amountCents: 25_000, currency: 'CNY' },
        },
      ]);
  });
  it('drops a change in flight when the member cancels', () => {
    const state = foldEvents(subscriptionDecider, [...active, changeRequested, canceled()]);
    expect(state).toMatchObject({ pendingChange: null, canceled: true });
  });
  it('is due to the worker when the change\'s charge runs out', () =>
    expect(nextDueAt(foldEvents(subscriptionDecider, [...active, changeRequested]))).toBe('2026-02-14T10:30:00.000Z'));
});

describe('subscription decider: chargebacks', () => {
  const NOW = '2026-02-10T08:00:00.000Z';
  const chargeback = (paymentId: string, amountCents = 10_000): SubscriptionCommand => ({
    type: 'RecordSubscriptionChargeback',
    paymentId,
    providerEventId: `dispute-${paymentId}`,
    amountCents,
    now: NOW,
  });
  const chargedBack = (paymentId: string, amountCents = 10_000, platformFeeCents = 2_000, creatorId: string | null = 'c1'): SubscriptionEvent => ({
    type: 'commerce.subscription-charged-back',
    data: { ...ids, paymentId, providerEventId: `dispute-${paymentId}`, provider: 'alipay', amountCents, currency: 'CNY', creatorId, platformFeeCents },
  });
  const endedByChargeback: SubscriptionEvent = { type: 'commerce.subscription-expired', data: { ...ids, expiredAt: NOW, reason: 'charged_back' } };

  it('reverses a paid period and ends the membership now: a period charged back is unpaid', () => {
    given(active).when(chargeback('pay-1')).then([chargedBack('pay-1'), endedByChargeback]);
    const ended = foldEvents(subscriptionDecider, [...active, chargedBack('pay-1'), endedByChargeback]);
    expect(ended.status).toBe('expired');
    // Nothing is renewed or retried after it.
    expect(nextDueAt(ended)).toBeNull();
  });
  it('reverses a part taken back with the fee scaled to it, and a VIP plan\'s whole as the platform\'s', () => {
    given(active).when(chargeback('pay-1', 2_500)).then([chargedBack('pay-1', 2_500, 500), endedByChargeback]);
    given([started(vip), requested('pay-1'), periodPaid('pay-1', JAN, FEB_END, vip)])
      .when(chargeback('pay-1', 4_000))
      .then([chargedBack('pay-1', 4_000, 4_000, null), endedByChargeback]);
  });
  it('reverses an earlier period too, and only records one taken back after the membership ended', () => {
    const renewed = [...renewalRequested, periodPaid('pay-2', FEB_END, MAR_END)];
    given(renewed).when(chargeback('pay-1')).then([chargedBack('pay-1'), endedByChargeback]);
    given([...active, canceled(), expired(FEB_END, 'canceled')]).when(chargeback('pay-1')).then([chargedBack('pay-1')]);
  });
  it('is a no-op when the same payment is charged back again', () => {
    given([...active, chargedBack('pay-1'), endedByChargeback]).when(chargeback('pay-1')).then([]);
    given([...active, chargedBack('pay-1', 2_500, 500), endedByChargeback]).when(chargeback('pay-1', 10_000)).then([]);
  });
  it('waits for a payment not confirmed yet, and refuses one it never took', () => {
    given(renewalRequested).when(chargeback('pay-2')).thenRefuses('COMMERCE.SUBSCRIPTION_PAYMENT_NOT_PAID', 'conflict');
    given(active).when(chargeback('pay-x')).thenRefuses('COMMERCE.PAYMENT_NOT_FOUND', 'not_found');
    given([]).when(chargeback('pay-1')).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_FOUND', 'not_found');
  });
  it('refuses more than was paid, and nothing at all', () => {
    given(active).when(chargeback('pay-1', 10_001)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
    given(active).when(chargeback('pay-1', 0)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT');
  });

  const late = (paymentId: string): SubscriptionEvent => ({
    type: 'commerce.subscription-late-payment-received',
    data: { ...ids, paymentId, providerEventId: `evt-${paymentId}`, provider: 'alipay', amountCents: 10_000, currency: 'CNY' },
  });
  const lateChargedBack = (paymentId: string, amountCents = 10_000): SubscriptionEvent => ({
    type: 'commerce.subscription-late-payment-charged-back',
    data: { ...ids, paymentId, providerEventId: `dispute-${paymentId}`, provider: 'alipay', amountCents, currency: 'CNY' },
  });
  /** Paid once, then a retry that went through after another charge had paid: owed back. */
  const owedBack = [...pastDue, requested('pay-3', 2), periodPaid('pay-3', FEB_END, MAR_END), late('pay-2')];

  it('takes back a payment owed back without touching the membership, once', () => {
    given(owedBack).when(chargeback('pay-2')).then([lateChargedBack('pay-2')]);
    given(owedBack).when(chargeback('pay-2', 4_000)).then([lateChargedBack('pay-2', 4_000)]);
    given([...owedBack, lateChargedBack('pay-2')]).when(chargeback('pay-2')).then([]);
    expect(foldEvents(subscriptionDecider, [...owedBack, lateChargedBack('pay-2')]).status).toBe('active');
  });
  it('refuses to take back more than a payment owed back was, and nothing', () => {
    given(owedBack).when(chargeback('pay-2', 10_001)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
    given(owedBack).when(chargeback('pay-2', 0)).thenRefuses('COMMERCE.REFUND_EXCEEDS_PAYMENT', 'invalid');
  });
});

describe('subscription decider: disputes won', () => {
  const CHARGED_BACK_AT = '2026-02-10T08:00:00.000Z';
  const chargedBack = (paymentId: string, amountCents = 10_000, platformFeeCents = 2_000): SubscriptionEvent => ({
    type: 'commerce.subscription-charged-back',
    data: { ...ids, paymentId, providerEventId: `dispute-${paymentId}`, provider: 'alipay', amountCents, currency: 'CNY', creatorId: 'c1', platformFeeCents },
  });
  const endedByChargeback: SubscriptionEvent = { type: 'commerce.subscription-expired', data: { ...ids, expiredAt: CHARGED_BACK_AT, reason: 'charged_back' } };
  const won = (paymentId: string, now: string): SubscriptionCommand => ({ type: 'RecordSubscriptionDisputeWon', paymentId, providerEventId: `won-${paymentId}`, now });
  const disputeWon = (paymentId: string, restoredUntil: string | null, over: Partial<{ amountCents: number; platformFeeCents: number; latePayment: boolean; creatorId: string | null }> = {}): SubscriptionEvent => ({
    type: 'commerce.subscription-dispute-won',
    data: {
      ...ids,
      paymentId,
      providerEventId: `won-${paymentId}`,
      provider: 'alipay',
      amountCents: 10_000,
      currency: 'CNY',
      creatorId: 'c1',
      platformFeeCents: 2_000,
      latePayment: false,
      restoredUntil,
      ...over,
    },
  });
  const endedByIt = [...active, chargedBack('pay-1'), endedByChargeback];

  it('brings back a membership the chargeback ended, canceled, to the end of the time it had paid for', () => {
    given(endedByIt).when(won('pay-1', '2026-02-20T00:00:00.000Z')).then([disputeWon('pay-1', FEB_END)]);
    const restored = foldEvents(subscriptionDecider, [...endedByIt, disputeWon('pay-1', FEB_END)]);
    expect(restored).toMatchObject({ status: 'active', canceled: true, paidUntil: FEB_END });
    // It renews only if the member resumes it; else it ends at FEB_END.
    expect(nextDueAt(restored)).toBe(FEB_END);
    given([...endedByIt, disputeWon('pay-1', FEB_END)]).when(settle(FEB_END)).then([expired(FEB_END, 'canceled')]);
  });
  it('gives the money back only when the time paid for is over, or the member subscribed again since', () => {
    given(endedByIt).when(won('pay-1', FEB_END)).then([disputeWon('pay-1', null)]);
    const again = [...endedByIt, started(plan, null, '2026-02-11T00:00:00.000Z'), requested('pay-5')];
    given(again).when(won('pay-1', '2026-02-20T00:00:00.000Z')).then([disputeWon('pay-1', null)]);
  });
  it('reverses a part taken back for that part, and a chargeback of a membership ended before', () => {
    given([...active, chargedBack('pay-1', 2_500, 500), endedByChargeback]).when(won('pay-1', '2026-02-20T00:00:00.000Z')).then([disputeWon('pay-1', FEB_END, { amountCents: 2_500, platformFeeCents: 500 })]);
    const canceledThenTaken = [...active, canceled(), expired(FEB_END, 'canceled'), chargedBack('pay-1')];
    given(canceledThenTaken).when(won('pay-1', '2026-03-01T00:00:00.000Z')).then([disputeWon('pay-1', null)]);
  });
  it('owes a payment owed back to the member again, and touches no access', () => {
    const late: SubscriptionEvent = {
      type: 'commerce.subscription-late-payment-received',
      data: { ...ids, paymentId: 'pay-2', providerEventId: 'evt-pay-2', provider: 'alipay', amountCents: 10_000, currency: 'CNY' },
    };
    const lateChargedBack: SubscriptionEvent = {
      type: 'commerce.subscription-late-payment-charged-back',
      data: { ...ids, paymentId: 'pay-2', providerEventId: 'dispute-pay-2', provider: 'alipay', amountCents: 10_000, currency: 'CNY' },
    };
    const history = [...pastDue, requested('pay-3', 2), periodPaid('pay-3', FEB_END, MAR_END), late, lateChargedBack];
    given(history).when(won('pay-2', FEB_END)).then([disputeWon('pay-2', null, { creatorId: null, platformFeeCents: 0, latePayment: true })]);
  });
  it('is a no-op when won again', () => given([...endedByIt, disputeWon('pay-1', FEB_END)]).when(won('pay-1', '2026-02-21T00:00:00.000Z')).then([]));
  it('waits for the chargeback it reverses (refused until then), and refuses a payment it never took', () => {
    given(active).when(won('pay-1', FEB_END)).thenRefuses('COMMERCE.PAYMENT_NOT_CHARGED_BACK', 'conflict');
    given(renewalRequested).when(won('pay-2', FEB_END)).thenRefuses('COMMERCE.PAYMENT_NOT_CHARGED_BACK', 'conflict');
    given(active).when(won('pay-x', FEB_END)).thenRefuses('COMMERCE.PAYMENT_NOT_FOUND', 'not_found');
    given([]).when(won('pay-1', FEB_END)).thenRefuses('COMMERCE.SUBSCRIPTION_NOT_FOUND', 'not_found');
  });
  it('records no second chargeback of a payment whose dispute was won', () =>
    given([...endedByIt, disputeWon('pay-1', FEB_END)])
      .when({ type: 'RecordSubscriptionChargeback', paymentId: 'pay-1', providerEventId: 'dispute-again', amountCents: 10_000, now: '2026-02-21T00:00:00.000Z' })
      .then([]));
});
