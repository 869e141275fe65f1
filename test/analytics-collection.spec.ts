import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, noMetadata } from '#platform';
import { CleansingBatches, RawEvents } from '#analytics';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

const ITEM = randomUUID();
const at = '2026-11-20T08:00:00+08:00';
const view = (id: string, extra: Record<string, unknown> = {}) => ({ clientEventId: id, type: 'view', occurredAt: at, itemId: ITEM, ...extra });

describe('analytics collection: POST /api/v1/events, server facts, the raw table', () => {
  let app: TestApp;
  let learner: TestUser;
  const rawCount = async (where = 'true', params: unknown[] = []) =>
    (await app.sql(`SELECT count(*)::int AS n FROM analytics_raw_events WHERE ${where}`, params))[0].n as number;

  beforeAll(async () => {
    app = await TestApp.start({
      worker: true,
      env: {
        ANALYTICS_EVENTS_PER_MINUTE_PER_IP: '1200',
        ANALYTICS_EVENTS_PER_MINUTE_PER_USER: '1000',
        ANALYTICS_CLEANSING_EVERY_MS: '300',
        ANALYTICS_REFRESH_EVERY_MS: '1000',
      },
    });
    learner = await app.user('collector');
  });
  afterAll(() => app?.close());

  it('keeps the good events of a batch and names the bad ones by index (partial acceptance)', async () => {
    const before = await rawCount();
    const response = await app.request('POST', '/api/v1/events', {
      token: learner.token,
      body: {
        events: [
          view('p-1', { props: { durationMs: 1200 }, platform: 'iPhone' }),
          { clientEventId: 'p-2', type: 'view', occurredAt: at },
          view('p-3', { type: 'teleport' }),
          { clientEventId: 'p-4', type: 'search', occurredAt: '2026-11-20 08:00:00', props: { query: '  Rust  ' } },
          view('p-5', { occurredAt: 'yesterday' }),
          'not an event',
        ],
      },
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      accepted: 2,
      rejected: [
        { index: 1, clientEventId: 'p-2', reason: 'a view event needs an itemId (UUID)' },
        { index: 2, clientEventId: 'p-3', reason: 'type must be one of view, play, search, click, share, rate' },
        { index: 4, clientEventId: 'p-5', reason: 'occurredAt must be ISO 8601, epoch milliseconds or "YYYY-MM-DD HH:mm:ss" (in timeZone)' },
        { index: 5, clientEventId: null, reason: 'must be an object' },
      ],
    });
    expect(await rawCount()).toBe(before + 2);
    const [stored] = await app.sql(`SELECT source, source_event_id, event_type, user_id, payload FROM analytics_raw_events WHERE source_event_id = $1`, [
      `${learner.id}:p-1`,
    ]);
    // Stored as sent: cleansing, not ingest, canonicalises.
    expect(stored).toEqual({
      source: 'client',
      source_event_id: `${learner.id}:p-1`,
      event_type: 'view',
      user_id: learner.id,
      payload: { occurredAt: at, itemId: ITEM, platform: 'iPhone', props: { durationMs: 1200 } },
    });
  });

  it('keeps the first 500 of an oversized batch and names each one past it', async () => {
    const events = Array.from({ length: 503 }, (_, i) => view(`big-${i}`));
    const response = await app.request('POST', '/api/v1/events', { body: { deviceId: 'device-big', events }, remoteAddress: '10.9.0.1' });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(500);
    expect(response.body.rejected.map((r: { index: number }) => r.index)).toEqual([500, 501, 502]);
    expect(response.body.rejected[0].reason).toMatch(/beyond the 500 events/);
    expect(await rawCount(`device_id = 'device-big'`)).toBe(500);
  });

  it('refuses a batch with no good event, or a body that is no batch, with problem+json and keeps nothing', async () => {
    const before = await rawCount();
    const allBad = await app.request('POST', '/api/v1/events', { token: learner.token, body: { events: [{ type: 'view' }, 42] } });
    expect(allBad.status).toBe(400);
    expect(allBad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(allBad.body.code).toBe('ANALYTICS.BATCH_REJECTED');
    expect(allBad.body.errors).toEqual([
      { field: 'events.0', messages: ['clientEventId must be 1 to 64 letters, digits or . _ : -'] },
      { field: 'events.1', messages: ['must be an object'] },
    ]);
    for (const garbage of [{ rawBody: '{"events": [' }, { body: { events: 'many' } }, { body: { events: [] } }, { body: [view('x')] }, { body: { events: [view('x')], extra: 1 } }]) {
      const response = await app.request('POST', '/api/v1/events', { token: learner.token, ...garbage });
      expect(response.status, JSON.stringify(garbage)).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const deep = await app.request('POST', '/api/v1/events', { token: learner.token, body: { events: [view('d', { props: { durationMs: { a: { b: 1 } } } })] } });
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('HTTP.INPUT_TOO_DEEP');
    expect(await rawCount()).toBe(before);
  });

  it('needs a device id without a sign-in, and a known time zone', async () => {
    const anonymous = await app.request('POST', '/api/v1/events', { body: { events: [view('a-1')] } });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.code).toBe('ANALYTICS.DEVICE_ID_REQUIRED');
    const zone = await app.request('POST', '/api/v1/events', { token: learner.token, body: { timeZone: 'Mars/Olympus', events: [view('a-2')] } });
    expect(zone.status).toBe(422);
    expect(zone.body.code).toBe('ANALYTICS.UNKNOWN_TIME_ZONE');
    const badToken = await app.request('POST', '/api/v1/events', { token: 'not-a-token', body: { deviceId: 'd', events: [view('a-3')] } });
    expect(badToken.status).toBe(401);
  });

  it('links a device to the user who signs in on it: its anonymous events become theirs', async () => {
    const device = `device-${randomUUID()}`;
    // Another item than the other tests': the learner's view of ITEM at the same time would make this a near-duplicate.
    const itemId = randomUUID();
    const anonymous = await app.request('POST', '/api/v1/events', {
      body: { deviceId: device, events: [view('link-1', { itemId })] },
      remoteAddress: '10.9.0.2',
    });
    expect(anonymous.status).toBe(202);
    // The sign-in reaches analytics through the relay, as any event does.
    await eventually(async () => (await app.sql(`SELECT 1 FROM analytics_sessions WHERE user_id = $1`, [learner.id])).length > 0, 15_000, 'the sign-in relayed');
    const later = await app.request('POST', '/api/v1/events', {
      token: learner.token,
      body: { deviceId: device, events: [view('link-2', { itemId, occurredAt: '2026-11-21T08:00:00Z' })] },
    });
    expect(later.status).toBe(202);
    // Cleansing takes rows once every transaction older than theirs has ended (on the whole server).
    const facts = await eventually(async () => {
      await app.worker!.get(CleansingBatches).runNext();
      const found = await app.sql(`SELECT source_event_id, user_id, device_id FROM analytics_facts WHERE device_id = $1 ORDER BY raw_id`, [device]);
      return found.length === 2 && found;
    }, 15_000, 'both events cleansed');
    expect(facts).toEqual([
      { source_event_id: `${device}:link-1`, user_id: learner.id, device_id: device },
      { source_event_id: `${learner.id}:link-2`, user_id: learner.id, device_id: device },
    ]);
    // Linked from the sign-in identity recorded (identity.session-started, relayed), not from the batch.
    const [signIn] = await app.sql(
      `SELECT max(created_at) AS at FROM events WHERE type = 'identity.session-started' AND data->>'userId' = $1`,
      [learner.id],
    );
    expect(await app.sql(`SELECT linked_at FROM analytics_device_links WHERE device_id = $1`, [device])).toEqual([{ linked_at: signIn.at }]);
  });

  it('limits events per client address and per user each minute, refusing the batch that goes over with 429 and Retry-After', async () => {
    // Windows are whole minutes: start early in one, so the batches below share it.
    if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 50));
    const ip = '10.9.9.9';
    const batch = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => view(`${prefix}-${i}`));
    const first = await app.request('POST', '/api/v1/events', { body: { deviceId: 'rl', events: batch(500, 'r1') }, remoteAddress: ip });
    const second = await app.request('POST', '/api/v1/events', { body: { deviceId: 'rl', events: batch(500, 'r2') }, remoteAddress: ip });
    const third = await app.request('POST', '/api/v1/events', { body: { deviceId: 'rl', events: batch(300, 'r3') }, remoteAddress: ip });
    expect([first.status, second.status, third.status]).toEqual([202, 202, 429]);
    expect(third.body.code).toBe('ANALYTICS.RATE_LIMITED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await rawCount(`device_id = 'rl' AND source_event_id LIKE 'rl:r3-%'`)).toBe(0);
    // The rest of the minute's allowance is still there for a smaller batch.
    const fits = await app.request('POST', '/api/v1/events', { body: { deviceId: 'rl', events: batch(200, 'r4') }, remoteAddress: ip });
    expect(fits.status).toBe(202);

    const user = await app.user('busy');
    const burst = await Promise.all(
      Array.from({ length: 3 }, (_, k) =>
        app.request('POST', '/api/v1/events', { token: user.token, body: { events: batch(400, `u${k}`) }, remoteAddress: `10.8.0.${k}` }),
      ),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([202, 202, 429]);
    expect(await rawCount(`user_id = $1`, [user.id])).toBe(800);
  });

  it('relays server facts from the event store: one raw row per item of an order placed, paid and refunded', async () => {
    const store = app.api.get(EventStore);
    const orderId = randomUUID();
    const buyerId = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    const items = [
      { contentId: a, creatorId: randomUUID(), title: 'A', priceCents: 1000, currency: 'CNY' },
      { contentId: b, creatorId: randomUUID(), title: 'B', priceCents: 2500, currency: 'CNY' },
    ];
    await store.append({
      streamId: `order-${orderId}`,
      streamType: 'order',
      expectedVersion: 0,
      events: [
        { type: 'commerce.order-placed', data: { orderId, buyerId, items, totalCents: 3500, currency: 'CNY', paymentId: 'p', provider: 'sandbox' } },
        {
          type: 'commerce.order-paid',
          data: {
            orderId,
            buyerId,
            paymentId: 'p',
            providerEventId: 'e',
            amountCents: 3500,
            currency: 'CNY',
            items: items.map(({ contentId, creatorId, priceCents }) => ({ contentId, creatorId, priceCents, platformFeeCents: 0 })),
          },
        },
        {
          type: 'commerce.order-refunded',
          data: {
            orderId,
            refundId: randomUUID(),
            buyerId,
            paymentId: 'p',
            providerEventId: 'r',
            amountCents: 2500,
            currency: 'CNY',
            items: [{ contentId: b, creatorId: items[1]!.creatorId, refundedCents: 2500, feeRefundedCents: 0 }],
            fullyRefunded: false,
          },
        },
      ],
      metadata: noMetadata(),
    });
    const rows = await eventually(async () => {
      const found = await app.sql(
        `SELECT event_type, user_id, payload->>'itemId' AS item, payload->'props' AS props FROM analytics_raw_events
          WHERE source = 'server' AND user_id = $1 ORDER BY event_type, payload->>'itemId'`,
        [buyerId],
      );
      return found.length === 7 && found;
    }, 20_000, 'seven server facts');
    const byType = (type: string) => rows.filter((row) => row.event_type === type).map((row) => [row.item, row.props.amountCents]).sort();
    expect(byType('order')).toEqual([[a, 1000], [b, 2500]].sort());
    expect(byType('purchase')).toEqual([[a, 1000], [b, 2500]].sort());
    expect(byType('refund')).toEqual([[b, 2500]]);
    expect(rows.filter((row) => row.event_type === 'enrolment').map((row) => [row.item, row.props.via]).sort()).toEqual([[a, 'order'], [b, 'order']].sort());
  });

  it("relays enrolments into the clean facts: a member's by the first lesson they open, like a buyer's by the paid order, once per learner and item", async () => {
    const store = app.api.get(EventStore);
    const [buyer, member, item] = [randomUUID(), randomUUID(), randomUUID()];
    const orderId = randomUUID();
    const opened = (userId: string, openedAt: string) => ({
      type: 'catalog.lesson-opened',
      data: { userId, contentId: item, lessonId: randomUUID(), lessonCount: 3, openedAt },
    });
    await store.append({
      streamId: `order-${orderId}`,
      streamType: 'order',
      expectedVersion: 0,
      events: [
        {
          type: 'commerce.order-paid',
          data: { orderId, buyerId: buyer, paymentId: 'p', providerEventId: 'e', amountCents: 900, currency: 'CNY', items: [{ contentId: item, creatorId: randomUUID(), priceCents: 900, platformFeeCents: 0 }] },
        },
      ],
      metadata: noMetadata(),
    });
    // The buyer then opens a lesson: no second enrolment. The member (a subscription opens the item) opens two.
    await store.append({ streamId: `progress-${buyer}-${item}`, streamType: 'progress', expectedVersion: 0, events: [opened(buyer, '2026-11-22T09:00:00.000Z')], metadata: noMetadata() });
    await store.append({
      streamId: `progress-${member}-${item}`,
      streamType: 'progress',
      expectedVersion: 0,
      events: [opened(member, '2026-11-21T10:00:00.000Z'), opened(member, '2026-11-21T11:00:00.000Z')],
      metadata: noMetadata(),
    });
    const enrolments = await eventually(async () => {
      await app.worker!.get(CleansingBatches).runNext();
      const raw = await rawCount(`source = 'server' AND event_type = 'enrolment' AND payload->>'itemId' = $1`, [item]);
      const found = await app.sql(
        `SELECT user_id, occurred_at, amount_cents FROM analytics_facts WHERE event_type = 'enrolment' AND item_id = $1 ORDER BY occurred_at`,
        [item],
      );
      return raw === 4 && found.length === 2 && found;
    }, 20_000, 'the enrolments cleansed');
    const [paid] = await app.sql(`SELECT created_at FROM events WHERE stream_id = $1`, [`order-${orderId}`]);
    expect(enrolments).toEqual([
      { user_id: member, occurred_at: new Date('2026-11-21T10:00:00.000Z'), amount_cents: null },
      { user_id: buyer, occurred_at: paid.created_at, amount_cents: null },
    ]);
  });

  it('cleanses and analyses on its own: the worker\'s scheduled jobs on the cleansing and analytics queues', async () => {
    const itemId = randomUUID();
    const sent = await app.request('POST', '/api/v1/events', {
      token: learner.token,
      body: { events: [view('auto-1', { itemId, occurredAt: '2026-11-25T10:00:00Z' }), view('auto-2', { itemId, occurredAt: '2026-11-25T11:00:00Z' })] },
    });
    expect(sent.status).toBe(202);
    // Nobody runs a batch here: the schedules do. Daily aggregates need the item known, as catalog publishes it.
    await app.api.get(EventStore).append({
      streamId: `content-${itemId}`,
      streamType: 'content',
      expectedVersion: 0,
      events: [{ type: 'catalog.content-approved', data: { contentId: itemId, creatorId: randomUUID(), kind: 'audio', title: 'A', summary: 's', priceCents: 1, currency: 'CNY', tags: [], moderatorId: randomUUID(), publishedAt: '2026-11-01T00:00:00Z' } }],
      metadata: noMetadata(),
    });
    const daily = await eventually(async () => {
      const [row] = await app.sql(`SELECT views FROM analytics_item_daily WHERE item_id = $1 AND day = '2026-11-25'`, [itemId]);
      return row;
    }, 20_000, 'the scheduled jobs to cleanse and aggregate');
    expect(daily).toEqual({ views: 2 });
  });

  it('keeps raw rows in day partitions made ahead of time, and detaches those past retention', async () => {
    const raw = app.worker!.get(RawEvents);
    const partitions = async () =>
      (await app.sql(`SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = inhrelid
                       JOIN pg_class parent ON parent.oid = inhparent WHERE parent.relname = 'analytics_raw_events' ORDER BY 1`)).map((r) => r.name as string);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    await app.sql(`SELECT analytics_ensure_raw_partition((now() AT TIME ZONE 'UTC')::date - 120)`);
    expect(await partitions()).toContain(`analytics_raw_events_p${day(-120)}`);
    const detached = await raw.maintainPartitions();
    expect(detached).toEqual([`analytics_raw_events_p${day(-120)}`]);
    const after = await partitions();
    expect(after).not.toContain(`analytics_raw_events_p${day(-120)}`);
    for (const offset of [0, 1, 7]) expect(after).toContain(`analytics_raw_events_p${day(offset)}`);
    // Today's rows are where they were.
    expect(await rawCount()).toBeGreaterThan(0);
  });
});
