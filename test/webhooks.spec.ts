import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, START_OF_EVENTS } from '#platform';
import { WebhookDispatcher } from '#integrations';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const ATTEMPTS = 3;

describe('outbound webhooks to integrators', () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  let admin: string;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    app = await TestApp.start({ worker: true, env: { WEBHOOK_DELIVERY_ATTEMPTS: String(ATTEMPTS), WEBHOOK_RETRY_BASE_MS: '50' } });
    admin = await app.adminToken();
    creator = await app.user('creator', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  const register = async (path: string, eventTypes: string[], token = admin) => {
    const response = await app.request('POST', '/api/v1/admin/webhooks', { token, body: { url: receiver.url(path), eventTypes, description: path } });
    if (response.status === 201) receiver.trust(path, response.body.secret);
    return response;
  };
  const deliveries = async (endpointId: string, query = '') =>
    app.request('GET', `/api/v1/admin/webhooks/${endpointId}/deliveries${query}`, { token: admin });
  /** A learner buys one item and pays: order.placed, then order.paid. */
  const paidOrder = async (priceCents = 2500) => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents, title: '数据结构与算法' });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: priceCents })).status).toBe(200);
    return { ...(order.body as { id: string }), learner };
  };
  const deliveredOrders = (path: string) => receiver.to(path).map((request) => request.body.data.orderId);

  it('lets admins alone manage endpoints', async () => {
    const finance = await app.user('finance', ['finance']);
    const learner = await app.user('learner');
    for (const token of [finance.token, creator.token, learner.token]) {
      expect((await register('/nobody', ['order.paid'], token)).status).toBe(403);
      expect((await app.request('GET', '/api/v1/admin/webhooks', { token })).status).toBe(403);
    }
    expect((await app.request('GET', '/api/v1/admin/webhooks')).status).toBe(401);
    expect((await app.request('GET', '/api/v1/admin/webhooks', { token: admin })).body.items).toEqual([]);
  });

  it('refuses endpoints that are not http(s) or carry credentials, and event types nobody can subscribe to', async () => {
    const refused = async (url: string) => app.request('POST', '/api/v1/admin/webhooks', { token: admin, body: { url, eventTypes: ['order.paid'] } });
    for (const url of ['ftp://example.com/in', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:secret@example.com/in', 'not a url']) {
      const response = await refused(url);
      expect(response.status, url).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.code).toBe('INTEGRATIONS.URL_NOT_ALLOWED');
    }
    const unknown = await app.request('POST', '/api/v1/admin/webhooks', { token: admin, body: { url: receiver.url('/x'), eventTypes: ['user.registered'] } });
    expect(unknown.status).toBe(400);
    const none = await app.request('POST', '/api/v1/admin/webhooks', { token: admin, body: { url: receiver.url('/x'), eventTypes: [] } });
    expect(none.status).toBe(400);
    const huge = await app.request('POST', '/api/v1/admin/webhooks', { token: admin, body: { url: `https://example.com/${'a'.repeat(5000)}`, eventTypes: ['order.paid'] } });
    expect(huge.status).toBe(400);
    const strange = [
      { url: receiver.url('/x'), eventTypes: ['order.paid'], description: 'd'.repeat(201) },
      { url: receiver.url('/x'), eventTypes: ['order.paid'], secret: 'mine' },
      { url: 42, eventTypes: ['order.paid'] },
      { url: receiver.url('/x'), eventTypes: 'order.paid' },
    ];
    for (const body of strange) {
      const response = await app.request('POST', '/api/v1/admin/webhooks', { token: admin, body });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.code).toBe('HTTP.VALIDATION_FAILED');
    }
    expect((await app.request('GET', '/api/v1/admin/webhooks', { token: admin })).body.items).toEqual([]);
  });

  it('records one change when thirty operators make it at once', async () => {
    const endpoint = await register('/raced', ['order.paid']);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => app.request('POST', `/api/v1/admin/webhooks/${endpoint.body.endpointId}/disable`, { token: admin })),
    );
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(answer.body.code).toBe('EVENT_STORE.VERSION_CONFLICT');
    }
    const [changes] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'integrations.webhook-endpoint-disabled'`, [
      `webhook-endpoint-${endpoint.body.endpointId}`,
    ]);
    expect(changes.n).toBe(1);
    expect((await app.request('DELETE', `/api/v1/admin/webhooks/${endpoint.body.endpointId}`, { token: admin })).status).toBe(204);
  });

  it('shows the secret once, keeps it out of the event log, and signs every delivery with it', async () => {
    const endpoint = await register('/signed', ['order.paid']);
    expect(endpoint.status).toBe(201);
    expect(endpoint.body).toMatchObject({ url: receiver.url('/signed'), eventTypes: ['order.paid'], status: 'enabled', secret: expect.stringMatching(/^whsec_/) });
    const shown = await app.request('GET', `/api/v1/admin/webhooks/${endpoint.body.endpointId}`, { token: admin });
    expect(shown.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await app.request('GET', '/api/v1/admin/webhooks', { token: admin })).body)).not.toContain(endpoint.body.secret);
    const [leaks] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE data::text LIKE $1 OR metadata::text LIKE $1`, [`%${endpoint.body.secret}%`]);
    expect(leaks.n).toBe(0);
    const [stored] = await app.sql(`SELECT secret FROM integration_webhook_secrets WHERE endpoint_id = $1`, [endpoint.body.endpointId]);
    expect(stored.secret).not.toContain(endpoint.body.secret.slice(6));

    const order = await paidOrder();
    const [request] = await eventually(async () => receiver.to('/signed').length > 0 && receiver.to('/signed'), 15_000, 'the delivery');
    expect(request!.signedWith).toEqual([0]);
    expect(request!.headers['zhiku-webhook-event']).toBe('order.paid');
    expect(request!.body).toMatchObject({ id: request!.headers['zhiku-webhook-id'], type: 'order.paid', data: { orderId: order.id, amountCents: 2500 } });

    // A receiver with the wrong secret refuses it: the signature is over the exact body.
    receiver.trust('/signed', 'whsec_not-the-secret');
    await paidOrder();
    await eventually(async () => receiver.to('/signed').length >= 2, 15_000, 'the second delivery');
    expect(receiver.to('/signed')[1]!.signedWith).toEqual([]);
  });

  it('retries a failing endpoint with backoff, logs every attempt, and fails the delivery after the last', async () => {
    const flaky = await register('/flaky', ['order.paid']);
    const dead = await register('/dead', ['order.paid']);
    receiver.failNext('/flaky', ATTEMPTS - 1);
    receiver.failNext('/dead', 1000);
    const order = await paidOrder();

    const delivered = await eventually(async () => {
      const page = await deliveries(flaky.body.endpointId);
      return page.body.items[0]?.status === 'delivered' && page.body.items[0];
    }, 15_000, 'the flaky delivery to succeed');
    expect(delivered).toMatchObject({ eventType: 'order.paid', attempts: ATTEMPTS, lastStatusCode: 200, failedAt: null, payload: { type: 'order.paid', data: { orderId: order.id } } });
    expect(delivered.attemptLog.map((a: { outcome: string; statusCode: number; trigger: string }) => [a.outcome, a.statusCode, a.trigger])).toEqual([
      ['failed', 503, 'event'],
      ['failed', 503, 'event'],
      ['succeeded', 200, 'event'],
    ]);
    expect(delivered.attemptLog[0].responseSnippet).toHaveLength(512);
    expect(delivered.attemptLog[0].responseSnippet.startsWith('busy xxx')).toBe(true);
    expect(delivered.attemptLog[2].responseSnippet).toBe('{"ok":true}');
    expect(delivered.attemptLog.every((a: { latencyMs: number }) => a.latencyMs >= 0)).toBe(true);
    // Each attempt carries the same delivery id and body; the receiver processed it once.
    const attempts = receiver.to('/flaky');
    expect(attempts).toHaveLength(ATTEMPTS);
    expect(new Set(attempts.map((r) => r.raw)).size).toBe(1);
    expect(attempts.every((r) => r.headers['zhiku-webhook-id'] === delivered.deliveryId && r.signedWith.length === 1)).toBe(true);
    expect(receiver.processed.filter((id) => id === delivered.deliveryId)).toHaveLength(1);
    // Exponential backoff: the second retry waited longer than the first.
    const started = delivered.attemptLog.map((a: { startedAt: string }) => Date.parse(a.startedAt));
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(45);
    expect(started[2] - started[1]).toBeGreaterThanOrEqual(95);

    const failed = await eventually(async () => {
      const page = await deliveries(dead.body.endpointId);
      return page.body.items[0]?.status === 'failed' && page.body.items[0];
    }, 15_000, 'the dead delivery to fail');
    expect(failed).toMatchObject({ attempts: ATTEMPTS, lastStatusCode: 503, deliveredAt: null, failedAt: expect.any(String) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.to('/dead')).toHaveLength(ATTEMPTS);
    expect((await deliveries(dead.body.endpointId, '?status=failed')).body.items.map((d: { deliveryId: string }) => d.deliveryId)).toEqual([failed.deliveryId]);
    expect((await deliveries(dead.body.endpointId, '?status=delivered')).body.items).toEqual([]);
    expect((await deliveries(dead.body.endpointId, '?status=lost')).status).toBe(400);
  });

  it('delivers each event once per endpoint however often the relay hands it over', async () => {
    const once = await register('/once', ['order.placed', 'order.paid']);
    const order = await paidOrder();
    await eventually(async () => deliveredOrders('/once').filter((id) => id === order.id).length === 2, 15_000, 'placed and paid');

    // The dispatcher is at least once: replay every stored event through it, twice, at once.
    const events = await app.worker!.get(EventStore).readAll(START_OF_EVENTS, 10_000);
    const dispatcher = app.worker!.get(WebhookDispatcher);
    const { manager } = app.worker!.get(DataSource);
    await Promise.all([dispatcher.handle(events, manager), dispatcher.handle(events, manager)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = receiver.to('/once');
    expect(received.map((r) => r.body.type)).toEqual(['order.placed', 'order.paid']);
    const [rows] = await app.sql(`SELECT count(*)::int AS n FROM integration_webhook_deliveries WHERE endpoint_id = $1`, [once.body.endpointId]);
    expect(rows.n).toBe(2);
    // Events stored before the endpoint existed are not sent to it.
    expect(received.every((r) => r.body.data.orderId === order.id)).toBe(true);
  });

  it('tells integrators of a refund request without what the learner typed: a person\'s words stay in the platform', async () => {
    await register('/refunds', ['refund.requested']);
    const order = await paidOrder(2600);
    const reason = '课程和描述不符，我的手机号 13800138000';
    const requested = await app.request('POST', `/api/v1/me/orders/${order.id}/refunds`, {
      token: order.learner.token,
      body: { amountCents: 2600, reason },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    await eventually(async () => receiver.to('/refunds').length === 1, 15_000, 'refund.requested');
    const [delivered] = receiver.to('/refunds');
    expect(delivered!.body).toMatchObject({ type: 'refund.requested', data: { orderId: order.id, refundId: requested.body.refundId, amountCents: 2600 } });
    expect(delivered!.body.data).not.toHaveProperty('reason');
    expect(JSON.stringify(delivered!.body)).not.toContain('13800138000');
  });

  it('tells integrators when access is granted and taken back: by a paid order, a chargeback, a staff grant and its revocation', async () => {
    const endpoint = await register('/access', ['entitlement.granted', 'entitlement.revoked']);
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 3000, title: '机器学习入门' });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 3000 });
    await deliverWebhook(app, { type: 'payment.charged_back', paymentId: order.body.payment.id, amountCents: 3000 });
    const granted = await app.request('POST', '/api/v1/admin/access-grants', {
      token: admin,
      body: { userId: learner.id, contentId, reason: '课程视频损坏的补偿' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    await app.request('POST', `/api/v1/admin/access-grants/${granted.body.grantId}/revoke`, { token: admin, body: { reason: '误操作' } });
    await eventually(async () => receiver.to('/access').length === 4, 15_000, 'four changes of access');

    // Deliveries run side by side: they may arrive in any order (each carries what it is about).
    const changes = receiver.to('/access').map((request) => ({ type: request.body.type, ...request.body.data }));
    expect(changes).toHaveLength(4);
    expect(changes).toEqual(expect.arrayContaining([
      { type: 'entitlement.granted', userId: learner.id, source: { type: 'order', id: order.body.id }, contentIds: [contentId], validTo: null },
      { type: 'entitlement.revoked', userId: learner.id, source: { type: 'order', id: order.body.id }, contentIds: [contentId], reason: 'charged back' },
      { type: 'entitlement.granted', userId: learner.id, source: { type: 'staff-grant', id: granted.body.grantId }, contentIds: [contentId], validTo: null },
      { type: 'entitlement.revoked', userId: learner.id, source: { type: 'staff-grant', id: granted.body.grantId }, contentIds: [contentId], reason: 'revoked by staff: 误操作' },
    ]));
    // The access they describe is the access the learner has now.
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access).toBe('preview');

    // An endpoint for order.paid and entitlement.granted gets both for one payment, each once however often the relay hands them over.
    const both = await register('/both', ['order.paid', 'entitlement.granted']);
    const paid = await paidOrder();
    await eventually(async () => receiver.to('/both').length === 2, 15_000, 'order.paid and entitlement.granted');
    const events = await app.worker!.get(EventStore).readAll(START_OF_EVENTS, 10_000);
    const dispatcher = app.worker!.get(WebhookDispatcher);
    const { manager } = app.worker!.get(DataSource);
    await Promise.all([dispatcher.handle(events, manager), dispatcher.handle(events, manager)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.to('/both').map((request) => [request.body.type, request.body.data.orderId ?? (request.body.data as { source: { id: string } }).source.id]).sort()).toEqual([
      ['entitlement.granted', paid.id],
      ['order.paid', paid.id],
    ]);
    const ids = receiver.to('/both').map((request) => request.body.id);
    expect(new Set(ids).size).toBe(2);
    // /access was told of that grant too: five changes in all.
    expect(
      await app.sql(`SELECT endpoint_id AS id, count(*)::int AS n FROM integration_webhook_deliveries WHERE endpoint_id IN ($1, $2) GROUP BY 1 ORDER BY 2`, [endpoint.body.endpointId, both.body.endpointId]),
    ).toEqual([{ id: both.body.endpointId, n: 2 }, { id: endpoint.body.endpointId, n: 5 }]);
  });

  it('sends a disabled endpoint nothing, and an enabled one again from then on', async () => {
    await register('/on', ['order.paid']);
    const off = await register('/off', ['order.paid']);
    const disabled = await app.request('POST', `/api/v1/admin/webhooks/${off.body.endpointId}/disable`, { token: admin });
    expect(disabled.body.status).toBe('disabled');
    expect((await app.request('POST', `/api/v1/admin/webhooks/${off.body.endpointId}/disable`, { token: admin })).status).toBe(200);

    const order = await paidOrder();
    await eventually(async () => deliveredOrders('/on').includes(order.id), 15_000, 'the enabled endpoint');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.to('/off')).toEqual([]);
    expect((await deliveries(off.body.endpointId)).body.items).toEqual([]);

    expect((await app.request('POST', `/api/v1/admin/webhooks/${off.body.endpointId}/enable`, { token: admin })).body.status).toBe('enabled');
    const later = await paidOrder();
    await eventually(async () => deliveredOrders('/off').includes(later.id), 15_000, 'the endpoint enabled again');
    expect(deliveredOrders('/off')).toEqual([later.id]);

    // Deleted: gone from the list, its deliveries no longer readable, nothing sent.
    expect((await app.request('DELETE', `/api/v1/admin/webhooks/${off.body.endpointId}`, { token: admin })).status).toBe(204);
    expect((await app.request('DELETE', `/api/v1/admin/webhooks/${off.body.endpointId}`, { token: admin })).status).toBe(204);
    expect((await app.request('GET', `/api/v1/admin/webhooks/${off.body.endpointId}`, { token: admin })).body.code).toBe('INTEGRATIONS.ENDPOINT_NOT_FOUND');
    expect((await deliveries(off.body.endpointId)).status).toBe(404);
    const [secret] = await app.sql(`SELECT count(*)::int AS n FROM integration_webhook_secrets WHERE endpoint_id = $1`, [off.body.endpointId]);
    expect(secret.n).toBe(0);
    const last = await paidOrder();
    await eventually(async () => deliveredOrders('/on').includes(last.id), 15_000, 'the enabled endpoint');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deliveredOrders('/off')).toEqual([later.id]);
  });

  it('redelivers a delivery on request, with the same id and body, and logs it', async () => {
    const endpoint = await register('/again', ['order.paid']);
    const order = await paidOrder();
    const first = await eventually(async () => (await deliveries(endpoint.body.endpointId)).body.items.find((d: { status: string }) => d.status === 'delivered'), 15_000, 'the delivery');
    receiver.failNext('/again', 1);
    const asked = await app.request('POST', `/api/v1/admin/webhooks/${endpoint.body.endpointId}/deliveries/${first.deliveryId}/redeliver`, { token: admin });
    expect(asked.status).toBe(202);
    expect(asked.body.deliveryId).toBe(first.deliveryId);

    const again = await eventually(async () => {
      const [delivery] = (await deliveries(endpoint.body.endpointId)).body.items;
      return delivery.attempts === 3 && delivery.status === 'delivered' && delivery;
    }, 15_000, 'the redelivery');
    expect(again.attemptLog.map((a: { trigger: string; outcome: string }) => [a.trigger, a.outcome])).toEqual([
      ['event', 'succeeded'],
      ['redelivery', 'failed'],
      ['redelivery', 'succeeded'],
    ]);
    const sent = receiver.to('/again');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.raw)).size).toBe(1);
    expect(sent[0]!.body).toMatchObject({ id: first.deliveryId, data: { orderId: order.id } });
    expect(receiver.processed.filter((id) => id === first.deliveryId)).toHaveLength(1);

    // Someone else's delivery, or none, is not found; a disabled endpoint redelivers nothing.
    const other = await register('/other', ['order.paid']);
    const foreign = await app.request('POST', `/api/v1/admin/webhooks/${other.body.endpointId}/deliveries/${first.deliveryId}/redeliver`, { token: admin });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('INTEGRATIONS.DELIVERY_NOT_FOUND');
    await app.request('POST', `/api/v1/admin/webhooks/${endpoint.body.endpointId}/disable`, { token: admin });
    const refused = await app.request('POST', `/api/v1/admin/webhooks/${endpoint.body.endpointId}/deliveries/${first.deliveryId}/redeliver`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INTEGRATIONS.ENDPOINT_DISABLED');
  });

  it('rotates the secret: signed with the new and the previous one until the integrator switches', async () => {
    const endpoint = await register('/rotating', ['order.paid']);
    const old = endpoint.body.secret as string;
    const rotated = await app.request('POST', `/api/v1/admin/webhooks/${endpoint.body.endpointId}/secret`, { token: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(old);
    expect((await app.request('GET', `/api/v1/admin/webhooks/${endpoint.body.endpointId}`, { token: admin })).body.secretRotatedAt).toEqual(expect.any(String));
    receiver.trust('/rotating', rotated.body.secret, old);
    await paidOrder();
    const [request] = await eventually(async () => receiver.to('/rotating').length > 0 && receiver.to('/rotating'), 15_000, 'the delivery');
    expect(request!.signedWith).toEqual([0, 1]);
  });

  it('pages the delivery log and refuses forged cursors and foreign ids', async () => {
    const endpoint = await register('/paged', ['order.placed', 'order.paid']);
    await paidOrder();
    await eventually(async () => receiver.to('/paged').length === 2, 15_000, 'two deliveries');
    const first = await deliveries(endpoint.body.endpointId, '?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].eventType).toBe('order.paid');
    const second = await deliveries(endpoint.body.endpointId, `?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((d: { eventType: string }) => d.eventType)).toEqual(['order.placed']);
    expect(second.body.nextCursor).toBeNull();
    expect((await deliveries(endpoint.body.endpointId, '?cursor=bm9wZQ')).status).toBe(400);
    expect((await deliveries('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await deliveries('not-a-uuid')).status).toBe(400);
  });
});

describe('outbound webhooks in production (SSRF)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses endpoints on loopback, private and link-local addresses', async () => {
    const admin = await app.adminToken();
    for (const url of ['http://127.0.0.1:8080/in', 'http://localhost/in', 'https://api.localhost/in', 'http://[::1]/in', 'http://10.1.2.3/in', 'http://169.254.169.254/latest/meta-data', 'http://192.168.0.1/', 'http://[::ffff:127.0.0.1]/']) {
      const response = await app.request('POST', '/api/v1/admin/webhooks', { token: admin, body: { url, eventTypes: ['order.paid'] } });
      expect(response.status, url).toBe(422);
      expect(response.body.code).toBe('INTEGRATIONS.URL_NOT_ALLOWED');
    }
    const allowed = await app.request('POST', '/api/v1/admin/webhooks', { token: admin, body: { url: 'https://hooks.example.com/zhiku', eventTypes: ['order.paid'] } });
    expect(allowed.status).toBe(201);
  });
});
