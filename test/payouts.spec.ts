import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

/** A learner buys one item of `creator`'s, and pays. */
async function sale(app: TestApp, creator: TestUser, moderatorToken: string, priceCents: number) {
  const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
  const learner = await app.user('buyer');
  const order = await placeOrder(app, learner, [contentId]);
  expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: priceCents })).status).toBe(200);
  return { learner, order: order.body as { id: string; payment: { id: string } } };
}

describe('creator earnings and payouts', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ env: { EARNINGS_HOLD_DAYS: '0', PAYOUT_MINIMUM_CENTS: '1000' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const earnings = async (user = creator) => (await app.request('GET', '/api/v1/creator/earnings', { token: user.token })).body;
  const ask = (amountCents: number, key = randomUUID()) =>
    app.request('POST', '/api/v1/creator/payouts', { token: creator.token, body: { amountCents, currency: 'CNY' }, headers: { 'idempotency-key': key } });
  const decide = (payoutId: string, verb: 'approve' | 'reject', body: object = {}) =>
    app.request('POST', `/api/v1/admin/finance/payouts/${payoutId}/${verb}`, { token: finance.token, body });
  const providerSays = (payoutId: string, type: 'payout.paid' | 'payout.failed') =>
    deliverWebhook(app, { type, payoutId, amountCents: 0 });

  it('pays a creator what is available, once finance approves and the provider confirms; a failure returns it', async () => {
    const first = await sale(app, creator, moderatorToken, 10_000);
    await sale(app, creator, moderatorToken, 10_000);
    expect((await earnings()).balances).toEqual([{ currency: 'CNY', pendingCents: 0, availableCents: 16_000, payoutsInProgressCents: 0, paidCents: 0, owedToPlatformCents: 0 }]);

    expect((await ask(20_000)).body.code).toBe('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE');
    expect((await ask(999)).body.code).toBe('COMMERCE.PAYOUT_BELOW_MINIMUM');
    const payout = await ask(10_000);
    expect(payout.status).toBe(201);
    expect(payout.body).toMatchObject({ status: 'requested', amountCents: 10_000, creatorId: creator.id });
    expect((await earnings()).balances[0]).toMatchObject({ availableCents: 6000, payoutsInProgressCents: 10_000 });

    // Ten requests at once cannot spend the 6000 left twice.
    const racing = await Promise.all(Array.from({ length: 10 }, () => ask(5000)));
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.filter((r) => r.status !== 201).map((r) => r.body.code)).toEqual(Array(9).fill('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE'));
    const second = racing.find((r) => r.status === 201)!.body;
    expect((await earnings()).balances[0]).toMatchObject({ availableCents: 1000, payoutsInProgressCents: 15_000 });

    const queue = await app.request('GET', '/api/v1/admin/finance/payouts?status=requested', { token: finance.token });
    expect(queue.body.items.map((item: { payoutId: string }) => item.payoutId).sort()).toEqual([payout.body.payoutId, second.payoutId].sort());
    expect((await decide(payout.body.payoutId, 'approve')).body.status).toBe('approved');
    expect((await providerSays(payout.body.payoutId, 'payout.paid')).body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect((await earnings()).balances[0]).toMatchObject({ availableCents: 1000, payoutsInProgressCents: 5000, paidCents: 10_000 });

    await decide(second.payoutId, 'approve');
    await providerSays(second.payoutId, 'payout.failed');
    expect((await earnings()).balances[0]).toMatchObject({ availableCents: 6000, payoutsInProgressCents: 0, paidCents: 10_000 });
    const mine = await app.request('GET', '/api/v1/creator/payouts', { token: creator.token });
    expect(mine.body.items.map((item: { status: string }) => item.status)).toEqual(['failed', 'paid']);

    // A refund of money already paid out comes out of what is left; what it takes beyond that, the creator owes us.
    const refund = await app.request('POST', `/api/v1/me/orders/${first.order.id}/refunds`, {
      token: first.learner.token,
      body: { reason: 'refund' },
      headers: { 'idempotency-key': randomUUID() },
    });
    await app.request('POST', `/api/v1/admin/finance/refunds/${refund.body.refundId}/approve`, { token: finance.token, body: {} });
    await deliverWebhook(app, { type: 'refund.succeeded', paymentId: first.order.payment.id, refundId: refund.body.refundId, amountCents: 10_000 });
    expect((await earnings()).balances[0]).toMatchObject({ availableCents: 0, paidCents: 10_000, owedToPlatformCents: 2000 });
    const [payable] = await app.sql(`SELECT -sum(amount_cents)::int AS owed FROM commerce_ledger_lines WHERE account = $1`, [`liabilities:creator-payable:${creator.id}`]);
    expect(payable.owed).toBe(0); // never below zero
    expect((await ask(1000)).body.code).toBe('COMMERCE.PAYOUT_EXCEEDS_AVAILABLE');

    // Their next sale settles the debt first: of its 8000, 2000 go to the debt and 6000 are theirs.
    await sale(app, creator, moderatorToken, 10_000);
    expect((await earnings()).balances[0]).toMatchObject({ availableCents: 6000, owedToPlatformCents: 0 });

    const statement = await app.request('GET', '/api/v1/creator/earnings/statement', { token: creator.token });
    expect(statement.body.items.map((line: { kind: string; account: string; amountCents: number }) => [line.kind, line.account, line.amountCents])).toEqual([
      ['sale', 'earnings', 6000],
      ['sale', 'debt', 2000],
      ['refund', 'debt', -2000],
      ['refund', 'earnings', -6000],
      ['payout', 'earnings', -10_000],
      ['sale', 'earnings', 8000],
      ['sale', 'earnings', 8000],
    ]);
    expect(statement.body.items[6].orderId).toBe(first.order.id);
    const ledger = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token });
    expect(ledger.body.balanced).toBe(true);
  });

  it('shows each creator only their own money, and staff only can decide payouts', async () => {
    const other = await app.user('other-creator', ['creator']);
    expect((await earnings(other)).balances).toEqual([]);
    expect((await app.request('GET', '/api/v1/creator/payouts', { token: other.token })).body.items).toEqual([]);
    const learner = await app.user('learner');
    expect((await app.request('GET', '/api/v1/creator/earnings', { token: learner.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/admin/finance/payouts', { token: creator.token })).status).toBe(403);
    expect((await decide(randomUUID(), 'approve')).status).toBe(404);
  });
});

describe('earnings within the hold period', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('are pending, not available, until the hold has passed', async () => {
    const creator = await app.user('creator', ['creator']);
    const moderator = await app.user('moderator', ['moderator']);
    await sale(app, creator, moderator.token, 5000);
    const { body } = await app.request('GET', '/api/v1/creator/earnings', { token: creator.token });
    expect(body.holdDays).toBe(7);
    expect(body.balances).toEqual([{ currency: 'CNY', pendingCents: 4000, availableCents: 0, payoutsInProgressCents: 0, paidCents: 0, owedToPlatformCents: 0 }]);
    expect(body.periods).toEqual([{ month: new Date().toISOString().slice(0, 7), currency: 'CNY', earnedCents: 4000, refundedCents: 0, paidOutCents: 0 }]);
    const payout = await app.request('POST', '/api/v1/creator/payouts', {
      token: creator.token,
      body: { amountCents: 4000, currency: 'CNY' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(payout.body.code).toBe('COMMERCE.PAYOUT_BELOW_MINIMUM');
  });

  it('are taken back from pending, not from available, when a sale is refunded within the hold', async () => {
    const creator = await app.user('creator', ['creator']);
    const moderator = await app.user('moderator', ['moderator']);
    const finance = await app.user('finance', ['finance']);
    const kept = await sale(app, creator, moderator.token, 5000);
    const refunded = await sale(app, creator, moderator.token, 3000);
    const asked = await app.request('POST', `/api/v1/me/orders/${refunded.order.id}/refunds`, {
      token: refunded.learner.token,
      body: { amountCents: 3000, reason: 'not for me' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(asked.status).toBe(201);
    expect((await app.request('POST', `/api/v1/admin/finance/refunds/${asked.body.refundId}/approve`, { token: finance.token, body: {} })).status).toBe(200);
    await deliverWebhook(app, { type: 'refund.succeeded', paymentId: refunded.order.payment.id, refundId: asked.body.refundId, amountCents: 3000 });

    const { body } = await app.request('GET', '/api/v1/creator/earnings', { token: creator.token });
    // Only the sale that was kept is pending; nothing is available, and nothing is owed.
    expect(body.balances).toEqual([{ currency: 'CNY', pendingCents: 4000, availableCents: 0, payoutsInProgressCents: 0, paidCents: 0, owedToPlatformCents: 0 }]);
    expect(body.periods).toEqual([{ month: new Date().toISOString().slice(0, 7), currency: 'CNY', earnedCents: 4000 + 2400, refundedCents: 2400, paidOutCents: 0 }]);
    expect(kept.order.id).not.toBe(refunded.order.id);
  });
});
