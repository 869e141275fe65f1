import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent, signedWebhook } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('chargebacks (拒付)', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  let finance: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ env: { EARNINGS_HOLD_DAYS: '0' } });
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
    finance = await app.user('finance', ['finance']);
  });
  afterAll(async () => {
    await app.close();
  });

  const paidOrder = async (priceCents: number) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents });
    const learner = await app.user('learner');
    const order = (await placeOrder(app, learner, [contentId])).body;
    return { contentId, learner, order };
  };
  const access = async (user: TestUser, contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: user.token })).body.access;
  const balanced = async () => (await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token })).body.balanced;
  const available = async () => (await app.request('GET', '/api/v1/creator/earnings', { token: creator.token })).body.balances[0]?.availableCents ?? 0;

  it('takes back access and the creator\'s share once, however often and in whatever order the provider says so', async () => {
    const { contentId, learner, order } = await paidOrder(5000);
    const before = await available();
    // The chargeback overtakes the payment: it waits for it.
    const chargeback = signedWebhook({ type: 'payment.charged_back', paymentId: order.payment.id, amountCents: 5000 });
    const early = await app.request('POST', '/api/v1/payments/webhooks/sandbox', {
      rawBody: chargeback.rawBody.toString(),
      headers: { 'zhiku-signature': chargeback.signature },
    });
    expect(early.body.status).toBe('deferred');
    await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 5000 });
    const view = await app.request('GET', `/api/v1/me/orders/${order.id}`, { token: learner.token });
    expect(view.body).toMatchObject({ status: 'charged_back', payment: { status: 'charged_back' } });
    expect(await access(learner, contentId)).toBe('preview');
    expect(await available()).toBe(before);
    // Ten redeliveries at once change nothing more.
    const again = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.request('POST', '/api/v1/payments/webhooks/sandbox', { rawBody: chargeback.rawBody.toString(), headers: { 'zhiku-signature': chargeback.signature } }),
      ),
    );
    expect(again.every((response) => response.status === 200 && response.body.duplicate)).toBe(true);
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'commerce.order-charged-back'`)).toEqual([{ n: 1 }]);
    const statement = (await app.request('GET', '/api/v1/creator/earnings/statement', { token: creator.token })).body.items;
    expect(statement[0]).toMatchObject({ kind: 'chargeback', amountCents: -4000, orderId: order.id });
    expect(await balanced()).toBe(true);
  });

  it('gives the money and access back when the sandbox says the dispute was won, once', async () => {
    const { contentId, learner, order } = await paidOrder(2000);
    await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 2000 });
    const before = await available();
    await deliverWebhook(app, { type: 'payment.charged_back', paymentId: order.payment.id, amountCents: 2000 });
    expect(await access(learner, contentId)).toBe('preview');
    const won = signedWebhook({ type: 'payment.dispute_won', paymentId: order.payment.id, amountCents: 2000 });
    const deliveries = await Promise.all(
      Array.from({ length: 10 }, () => app.request('POST', '/api/v1/payments/webhooks/sandbox', { rawBody: won.rawBody.toString(), headers: { 'zhiku-signature': won.signature } })),
    );
    expect(deliveries.filter((response) => response.status === 200 && !response.body.duplicate && response.body.status === 'processed')).toHaveLength(1);
    expect(await access(learner, contentId)).toBe('full');
    expect(await available()).toBe(before);
    expect((await app.request('GET', `/api/v1/me/orders/${order.id}`, { token: learner.token })).body).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
    expect(await balanced()).toBe(true);
  });

  it('books money refunded already and taken again by the bank as the platform\'s loss', async () => {
    const { order, learner } = await paidOrder(3000);
    await deliverWebhook(app, { paymentId: order.payment.id, amountCents: 3000 });
    const refund = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: learner.token,
      body: { reason: 'half', amountCents: 1000 },
      headers: { 'idempotency-key': randomUUID() },
    });
    await app.request('POST', `/api/v1/admin/finance/refunds/${refund.body.refundId}/approve`, { token: finance.token, body: {} });
    await deliverWebhook(app, { type: 'refund.succeeded', paymentId: order.payment.id, refundId: refund.body.refundId, amountCents: 1000 });
    await deliverWebhook(app, { type: 'payment.charged_back', paymentId: order.payment.id, amountCents: 3000 });
    const [loss] = await app.sql(`SELECT sum(amount_cents)::int AS cents FROM commerce_ledger_lines WHERE account = 'expenses:chargeback-losses'`);
    expect(loss.cents).toBe(1000);
    expect(await balanced()).toBe(true);
    // The bank cannot take back more than was paid.
    const small = (await paidOrder(100)).order;
    await deliverWebhook(app, { paymentId: small.payment.id, amountCents: 100 });
    const tooMuch = await deliverWebhook(app, { type: 'payment.charged_back', paymentId: small.payment.id, amountCents: 101 });
    expect({ status: tooMuch.status, code: tooMuch.body.code }).toEqual({ status: 422, code: 'COMMERCE.REFUND_EXCEEDS_PAYMENT' });
  });
});
