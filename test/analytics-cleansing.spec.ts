import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CleansingBatches, type NewRawEvent, RawEvents } from '#analytics';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

const u1 = randomUUID();
const u2 = randomUUID();
const I1 = randomUUID();
const I2 = randomUUID();
const SHANGHAI = 'Asia/Shanghai';

/** A generated dirty import: duplicates, three timestamp formats, missing values, garbage rows. */
function dirtyRows(source: string): NewRawEvent[] {
  const row = (id: string, eventType: string, userId: string | null, payload: Record<string, unknown>, timeZone: string | null = null): NewRawEvent => ({
    source,
    sourceEventId: id,
    eventType,
    userId,
    deviceId: null,
    timeZone,
    payload,
    clientIp: null,
  });
  return [
    row('e1', 'view', u1, { occurredAt: '2026-11-20T08:00:00+08:00', itemId: I1, platform: ' iPhone ', props: { durationMs: '1000' } }),
    row('e1', 'view', u1, { occurredAt: '2026-11-20T08:00:00+08:00', itemId: I1, platform: 'ios', props: { durationMs: 1000 } }), // exact duplicate
    row('e2', 'view', u1, { occurredAt: Date.parse('2026-11-20T00:00:01Z'), itemId: I1, platform: 'ios', props: {} }), // double tap
    row('e3', ' VIEW ', u1, { occurredAt: '2026-11-20 08:00:10', itemId: I1.toUpperCase(), props: { durationMs: '' } }, SHANGHAI),
    row('e4', 'view', u2, { occurredAt: '2026-11-20T01:00:00Z', itemId: I1, platform: 'Android', props: { durationMs: 3000 } }),
    row('e5', 'view', u2, { occurredAt: String(Date.parse('2026-11-20T02:00:00Z')), itemId: I2, platform: 'h5', props: { durationMs: 'NA' } }),
    row('e6', 'rate', u1, { occurredAt: '2026-11-20T03:00:00Z', itemId: I1, platform: 'web', props: { rating: '4' } }),
    row('e7', 'rate', u2, { occurredAt: '2026-11-20 11:00:00', itemId: I1, platform: 'android', props: { rating: 5 } }, SHANGHAI),
    row('e8', 'rate', u2, { occurredAt: '2026-11-20T04:00:00Z', itemId: I1, platform: 'android', props: { rating: null } }),
    row('e9', 'play', u1, { occurredAt: '2026-11-20T05:00:00Z', itemId: I2, platform: 'ios', props: { progress: 0.2 } }),
    row('e10', 'play', u1, { occurredAt: '2026-11-20T05:30:00Z', itemId: I2, platform: 'ios', props: {} }),
    row('e11', 'play', u1, { occurredAt: '2026-11-20T06:00:00Z', itemId: I2, platform: 'ios', props: { progress: '0.8' } }),
    row('e12', 'play', u1, { occurredAt: '2026-11-20T07:00:00Z', itemId: I2, platform: 'ios', props: { progress: 'null' } }),
    row('e13', 'search', u1, { occurredAt: '2026-11-20T08:00:00Z', props: { query: '  Cafe\u0301   latte ' } }),
    // Garbage, one of each reason.
    row('e14', 'view', u1, { occurredAt: 'yesterday', itemId: I1 }),
    row('e15', 'teleport', u1, { occurredAt: '2026-11-20T08:00:00Z', itemId: I1 }),
    row('e16', 'view', null, { occurredAt: '2026-11-20T08:00:00Z', itemId: I1 }),
    row('e17', 'view', u1, { occurredAt: '2026-11-20T09:00:00Z', itemId: 'abc' }),
    row('e18', 'rate', u1, { occurredAt: '2026-11-20T09:00:00Z', itemId: I1, props: { rating: '9' } }),
    row('e19', 'view', u1, { occurredAt: '1999-01-01T00:00:00Z', itemId: I1 }),
    row('e20', 'search', u2, { occurredAt: '2026-11-20T09:00:00Z', props: { query: '   ' } }),
  ];
}

const at = (iso: string) => new Date(iso).toISOString();
/** The clean facts the dirty rows must give, exactly. */
const EXPECTED = [
  { id: 'e1', type: 'view', user: u1, item: I1, at: at('2026-11-20T00:00:00Z'), platform: 'ios', duration: 1000, imputed: [] },
  { id: 'e3', type: 'view', user: u1, item: I1, at: at('2026-11-20T00:00:10Z'), platform: 'ios', duration: 2000, imputed: ['durationMs', 'platform'] },
  { id: 'e4', type: 'view', user: u2, item: I1, at: at('2026-11-20T01:00:00Z'), platform: 'android', duration: 3000, imputed: [] },
  { id: 'e5', type: 'view', user: u2, item: I2, at: at('2026-11-20T02:00:00Z'), platform: 'web', duration: 2000, imputed: ['durationMs'] },
  { id: 'e6', type: 'rate', user: u1, item: I1, at: at('2026-11-20T03:00:00Z'), platform: 'web', rating: 4, imputed: [] },
  { id: 'e7', type: 'rate', user: u2, item: I1, at: at('2026-11-20T03:00:00Z'), platform: 'android', rating: 5, imputed: [] },
  { id: 'e8', type: 'rate', user: u2, item: I1, at: at('2026-11-20T04:00:00Z'), platform: 'android', rating: 4.5, imputed: ['rating'] },
  { id: 'e9', type: 'play', user: u1, item: I2, at: at('2026-11-20T05:00:00Z'), platform: 'ios', progress: 0.2, imputed: [] },
  { id: 'e10', type: 'play', user: u1, item: I2, at: at('2026-11-20T05:30:00Z'), platform: 'ios', progress: 0.5, imputed: ['progress'] },
  { id: 'e11', type: 'play', user: u1, item: I2, at: at('2026-11-20T06:00:00Z'), platform: 'ios', progress: 0.8, imputed: [] },
  { id: 'e12', type: 'play', user: u1, item: I2, at: at('2026-11-20T07:00:00Z'), platform: 'ios', progress: 0.8, imputed: ['progress'] },
  { id: 'e13', type: 'search', user: u1, item: null, at: at('2026-11-20T08:00:00Z'), platform: 'ios', query: 'Café latte', imputed: ['platform'] },
].map((fact) => ({ duration: null, rating: null, progress: null, query: null, ...fact }));

const EXPECTED_QUARANTINE = [
  { id: 'e14', reason: 'bad-timestamp' },
  { id: 'e15', reason: 'unknown-type' },
  { id: 'e16', reason: 'no-subject' },
  { id: 'e17', reason: 'missing-item' },
  { id: 'e18', reason: 'invalid-value' },
  { id: 'e19', reason: 'timestamp-out-of-range' },
  { id: 'e20', reason: 'missing-value' },
];

describe('analytics cleansing: raw rows to clean facts, in idempotent batches', () => {
  let app: TestApp;
  let admin: string;
  let batches: CleansingBatches;

  const facts = async (source: string) =>
    (
      await app.sql(
        `SELECT source_event_id AS id, event_type AS type, user_id AS user, item_id AS item, occurred_at AS at, platform,
                duration_ms AS duration, rating, progress, query, imputed
           FROM analytics_facts WHERE source = $1 ORDER BY occurred_at, raw_id`,
        [source],
      )
    ).map((fact) => ({ ...fact, at: fact.at.toISOString(), duration: fact.duration === null ? null : Number(fact.duration), progress: fact.progress === null ? null : Math.round(fact.progress * 1e9) / 1e9 }));
  /** Runs batches until one has taken the rows of `source` (cleansing waits for older transactions on the server to end). */
  const cleanse = (source: string) =>
    eventually(async () => {
      await batches.runNext();
      const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM analytics_raw_events r WHERE source = $1 AND NOT EXISTS (
        SELECT 1 FROM analytics_cleansing_batches b WHERE (r.transaction_id, r.id) <= (b.to_tx, b.to_raw_id))`, [source]);
      return n === 0;
    }, 15_000, `rows of ${source} cleansed`);

  beforeAll(async () => {
    // The schedule stays out of the way: the test runs each batch itself.
    app = await TestApp.start({ worker: true, env: { ANALYTICS_CLEANSING_EVERY_MS: '86400000' } });
    admin = await app.adminToken();
    batches = app.worker!.get(CleansingBatches);
  });
  afterAll(() => app?.close());

  it('turns a generated dirty data set into exactly the expected clean facts, imputations and quarantine reasons', async () => {
    await app.worker!.get(RawEvents).append(dirtyRows('import:dirty'));
    await cleanse('import:dirty');
    expect(await facts('import:dirty')).toEqual(EXPECTED);
    const quarantine = await app.sql(`SELECT source_event_id AS id, reason FROM analytics_quarantine WHERE source = 'import:dirty' ORDER BY raw_id`);
    expect(quarantine).toEqual(EXPECTED_QUARANTINE);

    const report = await app.request('GET', '/api/v1/admin/data/batches', { token: admin });
    expect(report.status).toBe(200);
    const batch = report.body.items.find((b: { rowsIn: number }) => b.rowsIn === 21);
    expect(batch).toMatchObject({
      rowsIn: 21,
      rowsOut: 12,
      duplicates: 1,
      nearDuplicates: 1,
      imputed: { durationMs: 2, rating: 1, platform: 2, progress: 2 },
      quarantined: {
        'bad-timestamp': 1,
        'unknown-type': 1,
        'no-subject': 1,
        'missing-item': 1,
        'invalid-value': 1,
        'timestamp-out-of-range': 1,
        'missing-value': 1,
      },
    });

    // Idempotent: running the same batch again gives the same facts, quarantine and report.
    const again = await batches.rerun(batch.batchId);
    expect(again).toMatchObject({ batchId: batch.batchId, rowsIn: 21, rowsOut: 12, duplicates: 1, nearDuplicates: 1 });
    expect(await facts('import:dirty')).toEqual(EXPECTED);
    expect(await app.sql(`SELECT count(*)::int AS n FROM analytics_quarantine WHERE source = 'import:dirty'`)).toEqual([{ n: 7 }]);
    // And the same rows sent again are exact duplicates of the kept ones, and near-duplicates nothing new.
    await app.worker!.get(RawEvents).append(dirtyRows('import:dirty'));
    await cleanse('import:dirty');
    expect(await facts('import:dirty')).toEqual(EXPECTED);
    const [latest] = (await app.request('GET', '/api/v1/admin/data/batches?limit=1', { token: admin })).body.items;
    // Quarantined rows are not facts: the garbage is quarantined again, for staff to see it came twice.
    expect(latest).toMatchObject({ rowsIn: 21, rowsOut: 0, duplicates: 13, nearDuplicates: 1 });
  });

  it('judges near-duplicates against what earlier batches kept: users, anonymous devices and linked devices, with and without an item', async () => {
    const [u3, u4, d1, d2] = [randomUUID(), randomUUID(), `near-${randomUUID()}`, `near-${randomUUID()}`];
    const T = Date.parse('2026-11-20T12:00:00Z');
    const row = (source: string, id: string, eventType: string, subject: { userId?: string; deviceId?: string }, ms: number, itemId?: string): NewRawEvent => ({
      source,
      sourceEventId: id,
      eventType,
      userId: subject.userId ?? null,
      deviceId: subject.deviceId ?? null,
      timeZone: null,
      payload: { occurredAt: T + ms, itemId, platform: 'web', props: eventType === 'search' ? { query: 'latte' } : {} },
      clientIp: null,
    });
    // d2 signed in as u4 (now): its anonymous events of before are u4's.
    await app.worker!.get(RawEvents).linkDevice(d2, u4, null);
    await app.worker!.get(RawEvents).append([
      row('import:near-1', 'k1', 'view', { userId: u3 }, 0, I1),
      row('import:near-1', 'k2', 'search', { userId: u3 }, 0),
      row('import:near-1', 'k3', 'view', { deviceId: d1 }, 0, I1),
      row('import:near-1', 'k4', 'search', { deviceId: d1 }, 0),
      row('import:near-1', 'k5', 'view', { deviceId: d2 }, 0, I1),
    ]);
    await cleanse('import:near-1');
    await app.worker!.get(RawEvents).append([
      row('import:near-2', 'n1', 'view', { userId: u3 }, 1000, I1),
      row('import:near-2', 'n2', 'search', { userId: u3 }, -1000),
      row('import:near-2', 'n3', 'view', { deviceId: d1 }, 1500, I1),
      row('import:near-2', 'n4', 'search', { deviceId: d1 }, 2000),
      row('import:near-2', 'n5', 'view', { userId: u4 }, 1000, I1),
      row('import:near-2', 'n6', 'view', { deviceId: d2 }, -1000, I1),
      // Outside the window, another item, another type: kept.
      row('import:near-2', 'f1', 'view', { userId: u3 }, 2001, I1),
      row('import:near-2', 'f2', 'search', { deviceId: d1 }, -3000),
      row('import:near-2', 'f3', 'view', { deviceId: d1 }, 1000, I2),
      row('import:near-2', 'f4', 'click', { deviceId: d1 }, 1000, I1),
    ]);
    await cleanse('import:near-2');
    const kept = await app.sql(`SELECT source_event_id AS id, user_id AS user FROM analytics_facts WHERE source LIKE 'import:near-%' ORDER BY source, source_event_id`);
    expect(kept).toEqual([
      { id: 'k1', user: u3 },
      { id: 'k2', user: u3 },
      { id: 'k3', user: null },
      { id: 'k4', user: null },
      { id: 'k5', user: u4 },
      { id: 'f1', user: u3 },
      { id: 'f2', user: null },
      { id: 'f3', user: null },
      { id: 'f4', user: null },
    ]);
    const [last] = await app.sql(`SELECT id, rows_in, rows_out, near_duplicates FROM analytics_cleansing_batches ORDER BY id DESC LIMIT 1`);
    expect(last).toMatchObject({ rows_in: 10, rows_out: 4, near_duplicates: 6 });
    // Idempotent here too: the rerun finds the same near-duplicates in the same earlier facts.
    expect(await batches.rerun(Number(last.id))).toMatchObject({ rowsIn: 10, rowsOut: 4, nearDuplicates: 6 });
  });

  it('lets staff list the quarantine by reason, fix a row (cleansed with the next batch) or discard it, each once', async () => {
    const open = await app.request('GET', '/api/v1/admin/data/quarantine?limit=100', { token: admin });
    expect(open.status).toBe(200);
    const ours = open.body.items.filter((row: { source: string }) => row.source === 'import:dirty');
    expect(ours.map((row: { sourceEventId: string; reason: string }) => ({ id: row.sourceEventId, reason: row.reason }))).toEqual(EXPECTED_QUARANTINE.concat(EXPECTED_QUARANTINE));
    const badTime = await app.request('GET', '/api/v1/admin/data/quarantine?reason=bad-timestamp', { token: admin });
    expect(badTime.body.items.every((row: { reason: string }) => row.reason === 'bad-timestamp')).toBe(true);
    const [first] = badTime.body.items;
    expect(first.detail).toBe('occurredAt "yesterday" is not ISO 8601, epoch ms or "YYYY-MM-DD HH:mm:ss"');

    const fixed = await app.request('POST', `/api/v1/admin/data/quarantine/${first.id}/fix`, {
      token: admin,
      body: { occurredAt: '2026-11-19 12:00:00', timeZone: SHANGHAI, platform: 'ios' },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toEqual({ id: first.id, status: 'fixed' });
    await cleanse('quarantine-fix');
    expect(await facts('quarantine-fix')).toEqual([
      { id: 'import:dirty/e14', type: 'view', user: u1, item: I1, at: at('2026-11-19T04:00:00Z'), platform: 'ios', duration: null, rating: null, progress: null, query: null, imputed: [] },
    ]);

    const unknownType = ours.find((row: { reason: string }) => row.reason === 'unknown-type');
    const racing = await Promise.all(
      Array.from({ length: 30 }, () => app.request('POST', `/api/v1/admin/data/quarantine/${unknownType.id}/discard`, { token: admin })),
    );
    expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409).every((r) => r.body.code === 'ANALYTICS.QUARANTINE_DECIDED')).toBe(true);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(29);
    const again = await app.request('POST', `/api/v1/admin/data/quarantine/${first.id}/fix`, { token: admin, body: {} });
    expect(again.status).toBe(409);
    const missing = await app.request('POST', '/api/v1/admin/data/quarantine/999999/discard', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ANALYTICS.QUARANTINE_NOT_FOUND');
    const discarded = await app.request('GET', '/api/v1/admin/data/quarantine?status=discarded', { token: admin });
    expect(discarded.body.items.map((row: { id: number }) => row.id)).toEqual([unknownType.id]);
    // A rerun of the batch keeps what staff decided.
    await batches.rerun(unknownType.batchId);
    expect((await app.request('GET', '/api/v1/admin/data/quarantine?status=discarded', { token: admin })).body.items).toHaveLength(1);
  });

  it('keeps the data pipeline to admins', async () => {
    const creator: TestUser = await app.user('creator-q', ['creator']);
    const finance: TestUser = await app.user('finance-q', ['finance']);
    for (const token of [creator.token, finance.token]) {
      expect((await app.request('GET', '/api/v1/admin/data/batches', { token })).status).toBe(403);
      expect((await app.request('POST', '/api/v1/admin/data/quarantine/1/discard', { token })).status).toBe(403);
    }
    expect((await app.request('GET', '/api/v1/admin/data/quarantine')).status).toBe(401);
  });
});
