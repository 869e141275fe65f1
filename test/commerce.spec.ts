import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('commerce: orders, sandbox payments, entitlements, ledger', () => {
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

  const counts = async (orderId: string) => {
    const [row] = await app.sql(
      `SELECT (SELECT status FROM commerce_orders WHERE id = $1) AS status,
              (SELECT count(*)::int FROM events WHERE stream_id = 'order-' || $1) AS events,
              (SELECT count(*)::int FROM commerce_access_grants WHERE source_type = 'order-item' AND source_id = $1::text) AS entitlements,
              (SELECT count(*)::int FROM commerce_ledger_lines WHERE order_id = $1) AS ledger_lines,
              (SELECT count(*)::int FROM commerce_webhook_events w JOIN commerce_orders o ON o.payment_id = w.object_id WHERE o.id = $1 AND w.status = 'processed') AS webhooks`,
      [orderId],
    );
    return row;
  };

  it('places a pending order with a sandbox payment, visible only to its buyer', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 4900 });
    const alice = await app.user('alice');
    const bob = await app.user('bob');

    const order = await placeOrder(app, alice, [contentId]);
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({
      status: 'pending',
      buyerId: alice.id,
      totalCents: 4900,
      currency: 'CNY',
      items: [{ contentId, priceCents: 4900, currency: 'CNY' }],
      payment: { provider: 'sandbox', status: 'pending', amountCents: 4900 },
    });
    expect(order.body.payment.id).toMatch(/^pay_/);

    const mine = await app.request('GET', '/api/v1/me/orders', { token: alice.token });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([order.body.id]);
    expect((await app.request('GET', `/api/v1/me/orders/${order.body.id}`, { token: alice.token })).status).toBe(200);

    const snooping = await app.request('GET', `/api/v1/me/orders/${order.body.id}`, { token: bob.token });
    expect(snooping.status).toBe(404);
    expect(snooping.body.code).toBe('COMMERCE.ORDER_NOT_FOUND');
    expect((await app.request('GET', '/api/v1/me/orders', { token: bob.token })).body.items).toEqual([]);

    // A forged cursor is refused at the edge, never cast in SQL.
    const forged = Buffer.from(JSON.stringify(['not-a-time', 'not-a-uuid'])).toString('base64url');
    const badCursor = await app.request('GET', `/api/v1/me/orders?cursor=${forged}`, { token: alice.token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('HTTP.INVALID_CURSOR');
  });

  it('requires an Idempotency-Key, and 20 concurrent retries with one key make one order', async () => {
    const contentId = await publishContent(app, creator, moderatorToken);
    const carol = await app.user('carol');
    const noKey = await app.request('POST', '/api/v1/orders', { token: carol.token, body: { contentIds: [contentId] } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe('IDEMPOTENCY.KEY_REQUIRED');

    const key = randomUUID();
    const attempts = await Promise.all(Array.from({ length: 20 }, () => placeOrder(app, carol, [contentId], key)));
    const statuses = attempts.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = attempts.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM commerce_orders WHERE buyer_id = $1`, [carol.id]);
    expect(n).toBe(1);

    const replay = await placeOrder(app, carol, [contentId], key);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(created[0]!.body.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    // A first attempt whose process died before doing anything leaves its key "in flight":
    // while that is recent, retries wait (409); once abandoned, a retry takes the key over.
    const crashedKey = randomUUID();
    const crashedContent = await publishContent(app, creator, moderatorToken);
    const bodyHash = createHash('sha256').update(JSON.stringify({ contentIds: [crashedContent] })).digest('hex');
    await app.sql(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, lease_expires_at) VALUES ($1, $2, $3, 'in_flight', now() + interval '1 minute')`,
      [`${carol.id} POST /api/v1/orders`, crashedKey, bodyHash],
    );
    expect((await placeOrder(app, carol, [crashedContent], crashedKey)).status).toBe(409);
    await app.sql(`UPDATE idempotency_keys SET lease_expires_at = now() - interval '1 second' WHERE key = $1`, [crashedKey]);
    const afterCrash = await placeOrder(app, carol, [crashedContent], crashedKey);
    expect(afterCrash.status).toBe(201);
    expect(afterCrash.headers['idempotent-replayed']).toBeUndefined();
    const [taken] = await app.sql(`SELECT attempt, state FROM idempotency_keys WHERE key = $1`, [crashedKey]);
    expect(taken).toEqual({ attempt: 2, state: 'completed' });

    const otherContent = await publishContent(app, creator, moderatorToken);
    const reused = await placeOrder(app, carol, [otherContent], key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const orders = await app.sql(`SELECT items->0->>'contentId' AS content_id FROM commerce_orders WHERE buyer_id = $1`, [carol.id]);
    expect(orders.map((o) => o.content_id).sort()).toEqual([contentId, crashedContent].sort());
  });

  it('refuses unknown content, one\'s own content, and content already owned', async () => {
    const dave = await app.user('dave');
    const unknown = await placeOrder(app, dave, [randomUUID()]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('COMMERCE.CONTENT_NOT_FOR_SALE');

    const ownId = await publishContent(app, creator, moderatorToken);
    const own = await placeOrder(app, creator, [ownId]);
    expect(own.status).toBe(422);
    expect(own.body.code).toBe('COMMERCE.CANNOT_BUY_OWN_CONTENT');

    const order = await placeOrder(app, dave, [ownId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
    const again = await placeOrder(app, dave, [ownId]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('COMMERCE.ALREADY_OWNED');

    const malformed = await app.request('POST', '/api/v1/orders', {
      token: dave.token,
      body: { contentIds: ['not-a-uuid'], extra: true },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contentIds', 'extra']);
  });

  it('rejects forged, stale and wrong-amount webhooks without changing anything', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 1999 });
    const erin = await app.user('erin');
    const order = await placeOrder(app, erin, [contentId]);
    const paymentId = order.body.payment.id as string;
    const before = await counts(order.body.id);
    expect(before).toMatchObject({ status: 'pending', events: 1, entitlements: 0, ledger_lines: 0, webhooks: 0 });

    const forged = await deliverWebhook(app, { paymentId, amountCents: 1999, secret: 'not-the-real-secret-000' });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('COMMERCE.WEBHOOK_SIGNATURE_MISMATCH');
    const unsigned = await deliverWebhook(app, { paymentId, amountCents: 1999, signature: '' });
    expect(unsigned.status).toBe(401);
    const stale = await deliverWebhook(app, { paymentId, amountCents: 1999, timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('COMMERCE.WEBHOOK_SIGNATURE_STALE');
    const short = await deliverWebhook(app, { paymentId, amountCents: 1998 });
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('COMMERCE.PAYMENT_AMOUNT_MISMATCH');
    const otherCurrency = await deliverWebhook(app, { paymentId, amountCents: 1999, currency: 'USD' });
    expect(otherCurrency.status).toBe(422);
    const unknownPayment = await deliverWebhook(app, { paymentId: 'pay_unknown', amountCents: 1999 });
    expect(unknownPayment.status).toBe(404);

    expect(await counts(order.body.id)).toEqual(before);
    // Signed but refused events are kept in the inbox with why (unsigned ones are not stored at all).
    const kept = await app.sql(`SELECT status, error FROM commerce_webhook_events WHERE object_id = $1 ORDER BY received_at`, [paymentId]);
    expect(kept).toEqual([
      { status: 'rejected', error: expect.stringMatching(/^COMMERCE.PAYMENT_AMOUNT_MISMATCH/) },
      { status: 'rejected', error: expect.stringMatching(/^COMMERCE.PAYMENT_AMOUNT_MISMATCH/) },
    ]);
    const content = await app.request('GET', `/api/v1/contents/${contentId}`, { token: erin.token });
    expect(content.body.access).toBe('preview');
  });

  it('fulfils an event delivered 10 times exactly once: one payment, one entitlement, one balanced posting', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 9900 });
    const frank = await app.user('frank');
    const order = await placeOrder(app, frank, [contentId]);
    const eventId = `evt_${randomUUID().replace(/-/g, '')}`;

    // Providers add fields over time: ours ignore what they do not know (our own API refuses unknown fields).
    const unknownFields = { livemode: false, api_version: '2026-11-01', metadata: { source: 'checkout' } };
    const deliveries = await Promise.all(
      Array.from({ length: 10 }, () => deliverWebhook(app, { id: eventId, paymentId: order.body.payment.id, amountCents: 9900, unknownFields })),
    );
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(200));
    expect(deliveries.filter((d) => d.body.duplicate === false)).toHaveLength(1);

    expect(await counts(order.body.id)).toEqual({ status: 'paid', events: 2, entitlements: 1, ledger_lines: 3, webhooks: 1 });
    const lines = await app.sql(`SELECT account, amount_cents::int AS amount FROM commerce_ledger_lines WHERE order_id = $1 ORDER BY id`, [order.body.id]);
    expect(lines).toEqual([
      { account: 'assets:psp-clearing:sandbox', amount: 9900 },
      { account: 'revenue:platform-fees', amount: -1980 },
      { account: `liabilities:creator-payable:${creator.id}`, amount: -7920 },
    ]);

    const paid = await app.request('GET', `/api/v1/me/orders/${order.body.id}`, { token: frank.token });
    expect(paid.body).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
    expect(paid.body.paidAt).not.toBeNull();
    const entitlements = await app.request('GET', '/api/v1/me/entitlements', { token: frank.token });
    expect(entitlements.body.items).toEqual([
      {
        contentId,
        title: expect.any(String),
        grantedAt: paid.body.paidAt,
        accessUntil: null,
        grants: [{ source: 'order-item', sourceId: order.body.id, validFrom: paid.body.paidAt, validTo: null }],
      },
    ]);
  });

  it('treats access as a set of grants: it lasts while any grant is active, and ends when the last one ends', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 100 });
    const mia = await app.user('mia');
    const grant = (sourceId: string, validFrom: string, validTo: string | null, revoked = false) =>
      app.sql(
        `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, valid_to, revoked_at, revoked_reason, granted_at)
         VALUES ('staff', $1, $2, $3, $4, $5, $6, $7, now())`,
        [sourceId, contentId, mia.id, validFrom, validTo, revoked ? new Date() : null, revoked ? 'test: revoked' : null],
      );
    const access = async () => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: mia.token })).body.access;
    const listed = async () => (await app.request('GET', '/api/v1/me/entitlements', { token: mia.token })).body.items;
    const hour = 3_600_000;
    const at = (offset: number) => new Date(Date.now() + offset).toISOString();

    await grant('ended', at(-2 * hour), at(-hour));
    await grant('revoked', at(-hour), null, true);
    await grant('not-yet', at(hour), null);
    expect(await access()).toBe('preview');
    expect(await listed()).toEqual([]);

    await grant('this-week', at(-hour), at(7 * 24 * hour));
    expect(await access()).toBe('full');
    const [limited] = await listed();
    expect(limited).toMatchObject({ contentId, grants: [expect.objectContaining({ sourceId: 'this-week' })] });
    expect(Date.parse(limited.accessUntil) - Date.now()).toBeGreaterThan(6 * 24 * hour);
    await grant('for-ever', at(-hour), null);
    const [item] = await listed();
    expect(item.accessUntil).toBeNull();
    expect(item.grants.map((g: { sourceId: string }) => g.sourceId).sort()).toEqual(['for-ever', 'this-week']);

    // Owning it by any grant means it cannot be ordered again.
    const again = await placeOrder(app, mia, [contentId]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('COMMERCE.ALREADY_OWNED');
  });

  it('marks a failed payment; money arriving after that is recorded as owed back, acknowledged, and grants nothing', async () => {
    const contentId = await publishContent(app, creator, moderatorToken, { priceCents: 500 });
    const gina = await app.user('gina');
    const order = await placeOrder(app, gina, [contentId]);
    const failed = await deliverWebhook(app, { type: 'payment.failed', paymentId: order.body.payment.id, amountCents: 500 });
    expect(failed.status).toBe(200);
    expect((await app.request('GET', `/api/v1/me/orders/${order.body.id}`, { token: gina.token })).body.status).toBe('failed');

    // The provider reports the success (twice, under two event ids): 2xx both times, recorded once.
    const late = await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 500 });
    expect(late.status).toBe(200);
    expect(late.body).toEqual({ received: true, duplicate: false, status: 'processed' });
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 500 })).status).toBe(200);

    expect(await counts(order.body.id)).toMatchObject({ status: 'failed', entitlements: 0, ledger_lines: 2 });
    const lines = await app.sql(`SELECT account, amount_cents::int AS amount FROM commerce_ledger_lines WHERE order_id = $1 ORDER BY id`, [order.body.id]);
    expect(lines).toEqual([
      { account: 'assets:psp-clearing:sandbox', amount: 500 },
      { account: `liabilities:refunds-payable:${gina.id}`, amount: -500 },
    ]);
    const finance = await app.user('finance-late', ['finance']);
    const due = await app.request('GET', '/api/v1/admin/finance/refunds-due', { token: finance.token });
    expect(due.status).toBe(200);
    expect(due.body.items).toContainEqual(
      expect.objectContaining({ orderId: order.body.id, reason: 'late-payment', buyerId: gina.id, amountCents: 500, currency: 'CNY', contentIds: [contentId] }),
    );
    expect((await app.request('GET', '/api/v1/admin/finance/refunds-due', { token: gina.token })).status).toBe(403);
    const content = await app.request('GET', `/api/v1/contents/${contentId}`, { token: gina.token });
    expect(content.body.access).toBe('preview');
  });

  it('gives a buyer who orders the same items again, under another key, the unpaid order they have; 30 at once make one order', async () => {
    const [x, y] = [await publishContent(app, creator, moderatorToken, { priceCents: 800 }), await publishContent(app, creator, moderatorToken)];
    const ivan = await app.user('ivan');
    const first = await placeOrder(app, ivan, [x]);
    expect(first.status).toBe(201);

    const again = await placeOrder(app, ivan, [x]);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const overlapping = await placeOrder(app, ivan, [x, y]);
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.code).toBe('COMMERCE.ORDER_PENDING');
    expect(overlapping.body.detail).toContain(first.body.id);

    const judy = await app.user('judy');
    const racing = await Promise.all(Array.from({ length: 30 }, () => placeOrder(app, judy, [x])));
    expect(racing.map((r) => r.status).every((status) => status === 201 || status === 200)).toBe(true);
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM commerce_orders WHERE buyer_id = $1`, [judy.id]);
    expect(n).toBe(1);

    // Once paid, or failed, the item is free to order again (or owned).
    await deliverWebhook(app, { type: 'payment.failed', paymentId: first.body.payment.id, amountCents: 800 });
    const afterFailure = await placeOrder(app, ivan, [x, y]);
    expect(afterFailure.status).toBe(201);
    expect(afterFailure.body.id).not.toBe(first.body.id);
  });

  it('a retry after the stored response was lost finds the same order, never a second one', async () => {
    const contentId = await publishContent(app, creator, moderatorToken);
    const kate = await app.user('kate');
    const key = randomUUID();
    const first = await placeOrder(app, kate, [contentId], key);
    // As if the response was never stored (the process died after the command committed).
    await app.sql(`DELETE FROM idempotency_keys WHERE key = $1`, [key]);
    const retry = await placeOrder(app, kate, [contentId], key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'commerce.order-placed' AND data->>'buyerId' = $1`, [kate.id]);
    expect(n).toBe(1);
  });

  it('books money paid for an item the buyer came to hold another way as a refund due, never silently', async () => {
    const [held, wanted] = [await publishContent(app, creator, moderatorToken, { priceCents: 300 }), await publishContent(app, creator, moderatorToken, { priceCents: 700 })];
    const leo = await app.user('leo');
    const order = await placeOrder(app, leo, [held, wanted]);
    // Access to `held` granted by something else meanwhile (a future bundle, a staff grant).
    await app.sql(`INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at) VALUES ('staff', $3, $2, $1, now(), now())`, [leo.id, held, randomUUID()]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 1000 })).status).toBe(200);

    const [due] = await app.sql(`SELECT reason, amount_cents::int AS amount, content_ids::text[] AS content_ids FROM commerce_refunds_due WHERE order_id = $1`, [order.body.id]);
    expect(due).toEqual({ reason: 'already-owned', amount: 300, content_ids: [held] });
    const balances = await app.sql(
      `SELECT account, sum(amount_cents)::int AS balance FROM commerce_ledger_lines WHERE order_id = $1 GROUP BY account ORDER BY account`,
      [order.body.id],
    );
    expect(balances).toEqual([
      { account: 'assets:psp-clearing:sandbox', balance: 1000 },
      { account: `liabilities:creator-payable:${creator.id}`, balance: -560 }, // 700 less its 20 % fee
      { account: `liabilities:refunds-payable:${leo.id}`, balance: -300 },
      { account: 'revenue:platform-fees', balance: -140 },
    ]);
  });

  it('keeps the ledger balanced, readable by finance and admins only', async () => {
    const finance = await app.user('finance', ['finance']);
    const balance = await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: finance.token });
    expect(balance.status).toBe(200);
    expect(balance.body).toMatchObject({ balanced: true, totalCents: 0, unbalancedTransactions: [] });
    expect(balance.body.accounts.length).toBeGreaterThanOrEqual(3);
    const [{ n }] = await app.sql(
      `SELECT count(*)::int AS n FROM (SELECT transaction_id FROM commerce_ledger_lines GROUP BY 1 HAVING sum(amount_cents) <> 0) t`,
    );
    expect(n).toBe(0);
    const learner = await app.user('henry');
    expect((await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: learner.token })).status).toBe(403);

    // The database itself refuses an unbalanced posting and any rewrite, whoever writes.
    const orderId = randomUUID();
    await expect(
      app.sql(
        `INSERT INTO commerce_ledger_lines (transaction_id, order_id, account, amount_cents, currency, posted_at) VALUES ('bad', $1, 'x', 100, 'CNY', now())`,
        [orderId],
      ),
    ).rejects.toThrow(/ledger transaction bad does not balance in CNY \(off by 100\)/);
    await expect(app.sql(`UPDATE commerce_ledger_lines SET amount_cents = amount_cents * 2`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`DELETE FROM commerce_ledger_lines`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`TRUNCATE commerce_ledger_lines`)).rejects.toThrow(/append-only/);
  });
});
