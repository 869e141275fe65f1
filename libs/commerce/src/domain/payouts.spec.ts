import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { PayoutEvent, PayoutPayee } from './payout-events.js';
import { type PayoutsCommand, payoutsDecider } from './payouts.js';

const { given } = deciderSpec(payoutsDecider);

const request = (payoutId: string, amountCents: number, maturedCents = 50_000): PayoutsCommand => ({
  type: 'RequestPayout',
  payoutId,
  creatorId: 'c1',
  amountCents,
  currency: 'CNY',
  maturedCents,
  minimumCents: 10_000,
});
const requested = (payoutId: string, amountCents: number): PayoutEvent => ({
  type: 'commerce.payout-requested',
  data: { payoutId, creatorId: 'c1', amountCents, currency: 'CNY' },
});
const approve = (payoutId: string, provider = 'sandbox'): PayoutsCommand => ({ type: 'ApprovePayout', payoutId, reviewerId: 'fin', provider });
const approved = (payoutId: string, provider = 'sandbox', payee: PayoutPayee | null = null): PayoutEvent => ({
  type: 'commerce.payout-approved',
  data: { payoutId, creatorId: 'c1', reviewerId: 'fin', provider, payee },
});
const alipayAccount: PayoutPayee = { account: 'creator@example.com', name: '张三' };
const accountSet = (provider: string, payee: PayoutPayee): PayoutEvent => ({ type: 'commerce.payout-account-set', data: { creatorId: 'c1', provider, payee } });
const setAccount = (provider: string, payee: PayoutPayee): PayoutsCommand => ({ type: 'SetPayoutAccount', creatorId: 'c1', provider, payee });
const rejected = (payoutId: string): PayoutEvent => ({
  type: 'commerce.payout-rejected',
  data: { payoutId, creatorId: 'c1', reviewerId: 'fin', reason: 'bank details missing' },
});
const record = (payoutId: string, outcome: 'paid' | 'failed'): PayoutsCommand => ({
  type: 'RecordPayout',
  payoutId,
  outcome,
  providerEventId: `evt_${payoutId}`,
  reason: outcome === 'failed' ? 'account closed' : null,
});
const paid = (payoutId: string, amountCents: number): PayoutEvent => ({
  type: 'commerce.payout-paid',
  data: { payoutId, creatorId: 'c1', amountCents, currency: 'CNY', providerEventId: `evt_${payoutId}` },
});
const failed = (payoutId: string): PayoutEvent => ({
  type: 'commerce.payout-failed',
  data: { payoutId, creatorId: 'c1', reason: 'account closed', providerEventId: `evt_${payoutId}` },
});
const reverse = (payoutId: string, reversedCents: number, providerEventId = 'evt_rev'): PayoutsCommand => ({
  type: 'RecordPayoutReversal',
  payoutId,
  reversedCents,
  providerEventId,
  reason: 'transfer reversed',
});
const reversed = (payoutId: string, amountCents: number, reversedCents: number, providerEventId = 'evt_rev'): PayoutEvent => ({
  type: 'commerce.payout-reversed',
  data: { payoutId, creatorId: 'c1', amountCents, reversedCents, currency: 'CNY', reason: 'transfer reversed', providerEventId },
});
const stripeAccount: PayoutPayee = { account: 'acct_1', name: null };
const accountStatus = (account: string, payoutsEnabled: boolean): PayoutsCommand => ({
  type: 'RecordPayoutAccountStatus',
  creatorId: 'c1',
  provider: 'stripe',
  account,
  payoutsEnabled,
});
const statusChanged = (account: string, payoutsEnabled: boolean): PayoutEvent => ({
  type: 'commerce.payout-account-status-changed',
  data: { creatorId: 'c1', provider: 'stripe', account, payoutsEnabled },
});

describe('payouts decider', () => {
  it('pays out at least the minimum and at most what is available, less payouts under way', () => {
    given([]).when(request('p1', 10_000)).then([requested('p1', 10_000)]);
    given([]).when(request('p1', 50_000)).then([requested('p1', 50_000)]);
    given([requested('p1', 30_000)]).when(request('p2', 20_000)).then([requested('p2', 20_000)]);
    given([requested('p1', 30_000)]).when(request('p2', 20_001)).thenRefuses('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE', 'invalid');
    given([]).when(request('p1', 9_999)).thenRefuses('COMMERCE.PAYOUT_BELOW_MINIMUM', 'invalid');
    given([]).when(request('p1', 60_000, -5_000)).thenRefuses('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE', 'invalid');
  });
  it('counts only payouts under way, in the same currency: rejected and failed ones are back in the balance', () => {
    given([requested('p1', 30_000), rejected('p1')]).when(request('p2', 50_000)).then([requested('p2', 50_000)]);
    given([requested('p1', 30_000), approved('p1'), failed('p1')]).when(request('p2', 50_000)).then([requested('p2', 50_000)]);
    given([requested('p1', 30_000), approved('p1')]).when(request('p2', 20_001)).thenRefuses('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE');
    const usd: PayoutEvent = { type: 'commerce.payout-requested', data: { payoutId: 'p1', creatorId: 'c1', amountCents: 40_000, currency: 'USD' } };
    given([usd]).when(request('p2', 50_000)).then([requested('p2', 50_000)]);
  });
  it('is a no-op when the same request comes again', () => given([requested('p1', 10_000)]).when(request('p1', 10_000)).then([]));

  it('lets finance approve or reject a request once', () => {
    given([requested('p1', 10_000)]).when(approve('p1')).then([approved('p1')]);
    given([requested('p1', 10_000), approved('p1')]).when(approve('p1')).then([]);
    given([requested('p1', 10_000)]).when({ type: 'RejectPayout', payoutId: 'p1', reviewerId: 'fin', reason: 'bank details missing' }).then([rejected('p1')]);
    given([requested('p1', 10_000), rejected('p1')]).when({ type: 'RejectPayout', payoutId: 'p1', reviewerId: 'fin', reason: 'x' }).then([]);
  });
  it('refuses to decide an unknown payout, or one decided the other way', () => {
    given([]).when(approve('p1')).thenRefuses('COMMERCE.PAYOUT_NOT_FOUND', 'not_found');
    given([]).when({ type: 'RejectPayout', payoutId: 'p1', reviewerId: 'fin', reason: 'x' }).thenRefuses('COMMERCE.PAYOUT_NOT_FOUND', 'not_found');
    given([requested('p1', 10_000), rejected('p1')]).when(approve('p1')).thenRefuses('COMMERCE.PAYOUT_NOT_PENDING', 'conflict');
    given([requested('p1', 10_000), approved('p1')]).when({ type: 'RejectPayout', payoutId: 'p1', reviewerId: 'fin', reason: 'x' }).thenRefuses('COMMERCE.PAYOUT_NOT_PENDING', 'conflict');
  });

  it('keeps where each provider is to pay the creator, the latest said', () => {
    given([]).when(setAccount('alipay', alipayAccount)).then([accountSet('alipay', alipayAccount)]);
    given([accountSet('alipay', alipayAccount)]).when(setAccount('alipay', alipayAccount)).then([]);
    const renamed = { ...alipayAccount, name: '李四' };
    given([accountSet('alipay', alipayAccount)]).when(setAccount('alipay', renamed)).then([accountSet('alipay', renamed)]);
    given([accountSet('alipay', alipayAccount)]).when(setAccount('stripe', { account: 'acct_1', name: null })).then([accountSet('stripe', { account: 'acct_1', name: null })]);
  });
  it('approves a payout to the account the creator gave the configured provider', () => {
    given([accountSet('alipay', alipayAccount), requested('p1', 10_000)]).when(approve('p1', 'alipay')).then([approved('p1', 'alipay', alipayAccount)]);
  });
  it('refuses to approve a payout through a real provider the creator gave no account for', () => {
    given([requested('p1', 10_000)]).when(approve('p1', 'wechatpay')).thenRefuses('COMMERCE.PAYOUT_ACCOUNT_MISSING', 'conflict');
    given([accountSet('alipay', alipayAccount), requested('p1', 10_000)]).when(approve('p1', 'stripe')).thenRefuses('COMMERCE.PAYOUT_ACCOUNT_MISSING', 'conflict');
  });
  it('refuses to approve a WeChat Pay transfer of 2,000 yuan or more to a payee given without a real name', () => {
    const openid = { account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', name: null };
    const named = { ...openid, name: '张三' };
    given([accountSet('wechatpay', openid), requested('p1', 200_000)]).when(approve('p1', 'wechatpay')).thenRefuses('COMMERCE.PAYOUT_PAYEE_NAME_MISSING', 'conflict');
    given([accountSet('wechatpay', openid), requested('p1', 199_999)]).when(approve('p1', 'wechatpay')).then([approved('p1', 'wechatpay', openid)]);
    given([accountSet('wechatpay', named), requested('p1', 200_000)]).when(approve('p1', 'wechatpay')).then([approved('p1', 'wechatpay', named)]);
  });

  it('records what the provider says of an approved payout, once', () => {
    given([requested('p1', 10_000), approved('p1')]).when(record('p1', 'paid')).then([paid('p1', 10_000)]);
    given([requested('p1', 10_000), approved('p1')]).when(record('p1', 'failed')).then([failed('p1')]);
    given([requested('p1', 10_000), approved('p1'), paid('p1', 10_000)]).when(record('p1', 'paid')).then([]);
    given([requested('p1', 10_000), approved('p1'), failed('p1')]).when(record('p1', 'paid')).then([]);
  });
  it('refuses the provider\'s word on a payout it was never asked to make', () => {
    given([]).when(record('p1', 'paid')).thenRefuses('COMMERCE.PAYOUT_NOT_FOUND', 'not_found');
    given([requested('p1', 10_000)]).when(record('p1', 'paid')).thenRefuses('COMMERCE.PAYOUT_NOT_PENDING', 'conflict');
    given([requested('p1', 10_000), rejected('p1')]).when(record('p1', 'paid')).thenRefuses('COMMERCE.PAYOUT_NOT_PENDING', 'conflict');
  });

  it('returns a paid payout the provider took back, once, as much as it took back in all', () => {
    const paidOut = [requested('p1', 10_000), approved('p1'), paid('p1', 10_000)];
    given(paidOut).when(reverse('p1', 10_000)).then([reversed('p1', 10_000, 10_000)]);
    given([...paidOut, reversed('p1', 10_000, 10_000)]).when(reverse('p1', 10_000, 'evt_again')).then([]);
    // Part of it, then the rest: only the difference each time; never more than was paid.
    given(paidOut).when(reverse('p1', 4_000)).then([reversed('p1', 4_000, 4_000)]);
    given([...paidOut, reversed('p1', 4_000, 4_000)]).when(reverse('p1', 12_000, 'evt_more')).then([reversed('p1', 6_000, 10_000, 'evt_more')]);
    given([...paidOut, reversed('p1', 4_000, 4_000)]).when(reverse('p1', 3_000)).then([]);
  });
  it('records a payout reversed before its payment was heard of as paid, then taken back', () => {
    given([requested('p1', 10_000), approved('p1')])
      .when(reverse('p1', 10_000))
      .then([{ type: 'commerce.payout-paid', data: { payoutId: 'p1', creatorId: 'c1', amountCents: 10_000, currency: 'CNY', providerEventId: 'evt_rev' } }, reversed('p1', 10_000, 10_000)]);
    given([requested('p1', 10_000), approved('p1'), failed('p1')]).when(reverse('p1', 10_000)).then([]);
  });
  it('refuses a reversal of a payout never made', () => {
    given([]).when(reverse('p1', 10_000)).thenRefuses('COMMERCE.PAYOUT_NOT_FOUND', 'not_found');
    given([requested('p1', 10_000)]).when(reverse('p1', 10_000)).thenRefuses('COMMERCE.PAYOUT_NOT_PENDING', 'conflict');
  });

  it('records whether the provider pays out to the account the creator gives it, and refuses approval while it does not', () => {
    given([accountSet('stripe', stripeAccount)]).when(accountStatus('acct_1', false)).then([statusChanged('acct_1', false)]);
    given([accountSet('stripe', stripeAccount), statusChanged('acct_1', false)]).when(accountStatus('acct_1', false)).then([]);
    given([accountSet('stripe', stripeAccount)]).when(accountStatus('acct_other', true)).then([]);
    given([accountSet('stripe', stripeAccount), statusChanged('acct_1', false), requested('p1', 10_000)])
      .when(approve('p1', 'stripe'))
      .thenRefuses('COMMERCE.PAYOUT_ACCOUNT_NOT_ENABLED', 'conflict');
    given([accountSet('stripe', stripeAccount), statusChanged('acct_1', false), statusChanged('acct_1', true), requested('p1', 10_000)])
      .when(approve('p1', 'stripe'))
      .then([approved('p1', 'stripe', stripeAccount)]);
    // An account made by onboarding: not paying out until Stripe says so.
    given([]).when({ ...setAccount('stripe', stripeAccount), payoutsEnabled: false } as PayoutsCommand).then([accountSet('stripe', stripeAccount), statusChanged('acct_1', false)]);
    // An account given by hand, of which Stripe has said nothing: Stripe refuses the transfer if it cannot pay.
    given([accountSet('stripe', stripeAccount), requested('p1', 10_000)]).when(approve('p1', 'stripe')).then([approved('p1', 'stripe', stripeAccount)]);
    // Another account: what was said of the old one no longer counts.
    given([accountSet('stripe', stripeAccount), statusChanged('acct_1', false), accountSet('stripe', { account: 'acct_2', name: null }), requested('p1', 10_000)])
      .when(approve('p1', 'stripe'))
      .then([approved('p1', 'stripe', { account: 'acct_2', name: null })]);
  });

  it("tells the creator once that the provider's transfer waits for them, only while it is on its way", () => {
    const waits: PayoutsCommand = { type: 'RecordPayoutAwaitingConfirmation', payoutId: 'p1', provider: 'wechatpay' };
    const awaiting: PayoutEvent = {
      type: 'commerce.payout-awaiting-confirmation',
      data: { payoutId: 'p1', creatorId: 'c1', amountCents: 10_000, currency: 'CNY', provider: 'wechatpay' },
    };
    given([requested('p1', 10_000), approved('p1', 'wechatpay')]).when(waits).then([awaiting]);
    given([requested('p1', 10_000), approved('p1', 'wechatpay'), awaiting]).when(waits).then([]);
    given([requested('p1', 10_000), approved('p1', 'wechatpay'), failed('p1')]).when(waits).then([]);
    given([]).when(waits).thenRefuses('COMMERCE.PAYOUT_NOT_FOUND', 'not_found');
  });

  it('cancels a transfer waiting for its payee once; refuses one that waits for nobody', () => {
    const awaiting: PayoutEvent = {
      type: 'commerce.payout-awaiting-confirmation',
      data: { payoutId: 'p1', creatorId: 'c1', amountCents: 10_000, currency: 'CNY', provider: 'wechatpay' },
    };
    const cancel: PayoutsCommand = { type: 'CancelPayout', payoutId: 'p1', requestedBy: 'c1' };
    const cancelRequested: PayoutEvent = { type: 'commerce.payout-cancel-requested', data: { payoutId: 'p1', creatorId: 'c1', requestedBy: 'c1' } };
    given([requested('p1', 10_000), approved('p1', 'wechatpay'), awaiting]).when(cancel).then([cancelRequested]);
    // Asked again (30 at once, or after the provider answered): nothing more.
    given([requested('p1', 10_000), approved('p1', 'wechatpay'), awaiting, cancelRequested]).when(cancel).then([]);
    given([requested('p1', 10_000), approved('p1', 'wechatpay'), awaiting, cancelRequested, failed('p1')]).when(cancel).then([]);
    given([requested('p1', 10_000), approved('p1', 'wechatpay')]).when(cancel).thenRefuses('COMMERCE.PAYOUT_NOT_CANCELLABLE', 'conflict');
    given([requested('p1', 10_000)]).when(cancel).thenRefuses('COMMERCE.PAYOUT_NOT_CANCELLABLE', 'conflict');
    given([requested('p1', 10_000), approved('p1', 'wechatpay'), awaiting, paid('p1', 10_000)]).when(cancel).thenRefuses('COMMERCE.PAYOUT_NOT_CANCELLABLE', 'conflict');
    given([]).when(cancel).thenRefuses('COMMERCE.PAYOUT_NOT_FOUND', 'not_found');
  });

  it('folds a creator\'s payouts', () => {
    expect(foldEvents(payoutsDecider, [accountSet('alipay', alipayAccount), requested('p1', 10_000), approved('p1'), paid('p1', 10_000), requested('p2', 20_000)])).toEqual({
      creatorId: 'c1',
      payees: { alipay: alipayAccount },
      payoutsEnabled: {},
      payouts: [
        { payoutId: 'p1', amountCents: 10_000, currency: 'CNY', status: 'paid', reversedCents: 0 },
        { payoutId: 'p2', amountCents: 20_000, currency: 'CNY', status: 'requested', reversedCents: 0 },
      ],
    });
  });
});
