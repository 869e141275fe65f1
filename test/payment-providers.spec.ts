import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder, publishContent, signedWebhook } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

/** Every provider behind one port: the sandbox through the provider-neutral notification route. */
describe('payment providers: the sandbox behind the provider port', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    app = await TestApp.start();
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const notify = (provider: string, rawBody: Buffer | string, headers: Record<string, string>) =>
    app.request('POST', `/api/v1/webhooks/payments/${provider}`, { rawBody: rawBody.toString(), headers: { 'content-type': 'application/json', ...headers } });
  const inboxCount = async () => (await app.sql(`SELECT count(*)::int AS n FROM commerce_webhook_events`))[0].n as number;

  it('opens orders with the configured provider and settles them from its notification on the provider route', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 4200 });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    expect(order.body.payment).toMatchObject({ provider: 'sandbox', status: 'pending' });

    const { rawBody, signature } = signedWebhook({ paymentId: order.body.payment.id, amountCents: 4200 });
    const first = await notify('sandbox', rawBody, { 'zhiku-signature': signature });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false, status: 'processed' });
    // The same notification on the older sandbox route is the same event: a duplicate.
    const again = await app.request('POST', '/api/v1/payments/webhooks/sandbox', { rawBody: rawBody.toString(), headers: { 'zhiku-signature': signature } });
    expect(again.body).toEqual({ received: true, duplicate: true, status: 'processed' });
    expect((await app.request('GET', `/api/v1/me/orders/${order.body.id}`, { token: learner.token })).body.status).toBe('paid');
    const ledger = await app.sql(`SELECT DISTINCT account FROM commerce_ledger_lines WHERE order_id = $1 AND account LIKE 'assets:%'`, [order.body.id]);
    expect(ledger).toEqual([{ account: 'assets:psp-clearing:sandbox' }]);
  });

  it('refuses forged, stale and unreadable notifications with problem+json, storing nothing', async () => {
    const before = await inboxCount();
    const { rawBody } = signedWebhook({ paymentId: 'pay_x', amountCents: 1 });
    const forged = signedWebhook({ paymentId: 'pay_x', amountCents: 1, secret: 'another-secret-0123456789' });
    const cases = [
      [await notify('sandbox', rawBody, { 'zhiku-signature': forged.signature }), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MISMATCH'],
      [await notify('sandbox', rawBody, {}), 401, 'COMMERCE.WEBHOOK_SIGNATURE_MALFORMED'],
      [
        await notify('sandbox', signedWebhook({ paymentId: 'pay_x', amountCents: 1, timestamp: Math.floor(Date.now() / 1000) - 3600 }).rawBody, {
          'zhiku-signature': signedWebhook({ paymentId: 'pay_x', amountCents: 1, timestamp: Math.floor(Date.now() / 1000) - 3600 }).signature,
        }),
        401,
        'COMMERCE.WEBHOOK_SIGNATURE_STALE',
      ],
    ] as const;
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.code).toBe(code);
    }
    // Signed, but not an event: a 400 naming what is wrong.
    const odd = signedWebhook({ id: 'not an id!', paymentId: 'pay_x', amountCents: 1 });
    const unreadable = await notify('sandbox', odd.rawBody, { 'zhiku-signature': odd.signature });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.code).toBe('COMMERCE.WEBHOOK_PAYLOAD_INVALID');
    expect(unreadable.body.errors.map((error: { field: string }) => error.field)).toEqual(['id']);
    expect(await inboxCount()).toBe(before);
  });

  it('answers 404 for a provider that is not configured here', async () => {
    for (const provider of ['stripe', 'paypal']) {
      const response = await notify(provider, '{}', {});
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'COMMERCE.PAYMENT_PROVIDER_NOT_FOUND' });
    }
  });
});
