import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '#platform';
import { CleansingBatches, IMPORT_FIELDS } from '#analytics';
import { runOperatorCommand } from '../apps/api/src/cli/operator-commands.js';
import { eventually, TestApp } from './support/test-app.js';

const user = randomUUID();
const other = randomUUID();
const item = randomUUID();

/** The same activity, written out in three formats: three timestamp formats, missing values, a garbage row. */
const RECORDS: Partial<Record<(typeof IMPORT_FIELDS)[number], string>>[] = [
  { event_id: 'r1', type: 'view', user_id: user, item_id: item, occurred_at: '2026-11-20 08:00:00', time_zone: 'Asia/Shanghai', platform: 'iPhone', duration_ms: '4000' },
  { event_id: 'r2', type: 'view', user_id: user, item_id: item, occurred_at: String(Date.parse('2026-11-20T03:00:00Z')), duration_ms: '' },
  { event_id: 'r3', type: 'view', user_id: other, item_id: item, occurred_at: '2026-11-20T05:00:00+02:00', platform: 'Android', duration_ms: '2000' },
  { event_id: 'r4', type: 'rate', user_id: other, item_id: item, occurred_at: '2026-11-20T06:00:00Z', platform: 'web', rating: '5' },
  { event_id: 'r5', type: 'search', user_id: user, occurred_at: '2026-11-20T07:00:00Z', query: ' Go  & <Rust> "quoted", yes ' },
  { event_id: 'r6', type: 'purchase', user_id: other, item_id: item, occurred_at: '2026-11-20T08:00:00Z', amount_cents: '1999', currency: 'cny' },
  { event_id: 'r7', type: 'view', user_id: user, item_id: item, occurred_at: 'last tuesday' },
];

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const toCsv = () => [IMPORT_FIELDS.join(','), ...RECORDS.map((r) => IMPORT_FIELDS.map((f) => csvCell(r[f] ?? '')).join(','))].join('\n') + '\n';
// JSON Lines leaves absent fields out, and carries one line that is no JSON at all.
const toJsonLines = () => RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
const xmlText = (value: string) => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const toXml = () =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<activity>\n${RECORDS.map(
    (r) => `  <event>${Object.entries(r).map(([k, v]) => `<${k}>${xmlText(v ?? '')}</${k}>`).join('')}</event>`,
  ).join('\n')}\n</activity>\n`;

describe('analytics imports: CSV, JSON Lines and XML, by upload and by the CLI', () => {
  let app: TestApp;
  let admin: string;
  let dir: string;

  const cleanseSource = (source: string) =>
    eventually(async () => {
      await app.worker!.get(CleansingBatches).runNext();
      const [{ n }] = await app.sql(`SELECT (SELECT count(*) FROM analytics_facts WHERE source = $1) + (SELECT count(*) FROM analytics_quarantine WHERE source = $1) AS n`, [source]);
      return Number(n) === RECORDS.length;
    }, 15_000, `import ${source} cleansed`);
  const outcome = async (source: string) => ({
    facts: await app.sql(
      `SELECT source_event_id, event_type, user_id, item_id, occurred_at, platform, amount_cents, currency, duration_ms, rating, query, imputed
         FROM analytics_facts WHERE source = $1 ORDER BY source_event_id`,
      [source],
    ),
    quarantine: await app.sql(`SELECT source_event_id, reason FROM analytics_quarantine WHERE source = $1 ORDER BY source_event_id`, [source]),
  });

  /** Uploads a file and waits for the worker's import job to finish with it. */
  async function uploaded(format: string, content: string) {
    const response = await app.request('POST', '/api/v1/admin/data/imports', { token: admin, body: { format, content } });
    expect(response.status, format).toBe(202);
    expect(response.body).toEqual({ importId: expect.any(String), status: 'queued' });
    return eventually(async () => {
      const state = await app.request('GET', `/api/v1/admin/data/imports/${response.body.importId}`, { token: admin });
      return ['done', 'failed'].includes(state.body.status) && state.body;
    }, 20_000, `import ${format} run by the worker`);
  }

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { ANALYTICS_CLEANSING_EVERY_MS: '86400000' } });
    admin = await app.adminToken();
    dir = await mkdtemp(join(tmpdir(), 'zhiku-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await app?.close();
  });

  it('gives the same clean facts and quarantine from the same content in CSV, JSON Lines and XML, uploaded or from the CLI', async () => {
    // Each import is cleansed alone: the second copy of an event is (rightly) a near-duplicate of the first,
    // so each one's facts are taken away once looked at.
    const outcomes: Awaited<ReturnType<typeof outcome>>[] = [];
    const cleanseAlone = async (source: string) => {
      await cleanseSource(source);
      outcomes.push(await outcome(source));
      await app.sql(`DELETE FROM analytics_facts WHERE source = $1`, [source]);
    };
    for (const [format, content] of [
      ['csv', toCsv()],
      ['jsonl', toJsonLines()],
      ['xml', toXml()],
    ]) {
      const done = await uploaded(format, content);
      expect(done).toMatchObject({ format, status: 'done', rows: RECORDS.length, error: null });
      await cleanseAlone(done.source);
    }
    const file = join(dir, 'activity.xml');
    await writeFile(file, toXml());
    const progress: [number, number, number][] = [];
    const printed = await runOperatorCommand(['import', file], app.config, (bytes, total, rows) => progress.push([bytes, total, rows]));
    await cleanseAlone(/as (import:[0-9a-f-]+);/.exec(printed)![1]!);
    expect(printed).toMatch(/^imported 7 rows from .*activity\.xml as import:/);
    expect(progress.at(-1)).toEqual([Buffer.byteLength(toXml()), Buffer.byteLength(toXml()), 7]);

    const [first, ...rest] = outcomes;
    expect(rest).toHaveLength(3);
    for (const other of rest) expect(other).toEqual(first);
    expect(first!.facts.map((f: { source_event_id: string }) => f.source_event_id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    const byId = Object.fromEntries(first!.facts.map((f: { source_event_id: string }) => [f.source_event_id, f]));
    expect(byId.r1).toMatchObject({ occurred_at: new Date('2026-11-20T00:00:00Z'), platform: 'ios', duration_ms: '4000' });
    expect(byId.r2).toMatchObject({ occurred_at: new Date('2026-11-20T03:00:00Z'), platform: 'ios', duration_ms: '3000', imputed: ['durationMs', 'platform'] });
    expect(byId.r3).toMatchObject({ occurred_at: new Date('2026-11-20T03:00:00Z'), platform: 'android' });
    expect(byId.r5).toMatchObject({ query: 'Go & <Rust> "quoted", yes' });
    expect(byId.r6).toMatchObject({ event_type: 'purchase', amount_cents: '1999', currency: 'CNY', platform: null });
    expect(first!.quarantine).toEqual([{ source_event_id: 'r7', reason: 'bad-timestamp' }]);
  });

  it('keeps what came before a file stops making sense, names where, and keeps imports to admins', async () => {
    const broken = await uploaded('xml', `<activity><event><event_id>ok</event_id><type>view</type></event><event><type>view</ty` + `pe>< /event>`);
    expect(broken.status).toBe('failed');
    expect(broken.error).toBe(`The file is not valid xml after record ${broken.rows} (${broken.error.match(/\((.+)\)/)[1]}); the records before it were kept.`);
    const kept = await app.sql(`SELECT source_event_id FROM analytics_raw_events WHERE source = $1 ORDER BY id`, [broken.source]);
    expect(kept).toHaveLength(broken.rows);
    expect(kept[0]).toEqual({ source_event_id: 'ok' });
    // The worker's job carried its progress, and the kept text is let go once it ran.
    const [requested] = await app.sql(`SELECT global_position FROM events WHERE type = 'analytics.import-requested' AND data->>'importId' = $1`, [broken.importId]);
    const job = await app.worker!.get<Queue>(getQueueToken(QueueName.Cleansing), { strict: false }).getJob(`event-${requested.global_position}-import`);
    expect(job?.progress).toEqual({ rows: broken.rows });
    expect(await app.sql(`SELECT content FROM analytics_imports WHERE import_id = $1`, [broken.importId])).toEqual([{ content: null }]);
    const garbageLine = await uploaded('jsonl', '{"event_id":"j1"\nnot json\n');
    expect(garbageLine).toMatchObject({ status: 'done', rows: 2 });
    const unknown = await app.request('GET', `/api/v1/admin/data/imports/${randomUUID()}`, { token: admin });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ANALYTICS.IMPORT_NOT_FOUND']);
    const format = await app.request('POST', '/api/v1/admin/data/imports', { token: admin, body: { format: 'xlsx', content: '' } });
    expect(format.status).toBe(400);
    const zone = await app.request('POST', '/api/v1/admin/data/imports', { token: admin, body: { format: 'csv', content: 'type\nview\n', timeZone: 'Nowhere/Else' } });
    expect([zone.status, zone.body.code]).toEqual([422, 'ANALYTICS.UNKNOWN_TIME_ZONE']);
    const creator = await app.user('import-creator', ['creator']);
    expect((await app.request('POST', '/api/v1/admin/data/imports', { token: creator.token, body: { format: 'csv', content: 'type\n' } })).status).toBe(403);
    await expect(runOperatorCommand(['import', join(dir, 'missing.csv')], app.config)).rejects.toThrow('no such file');
    const brokenFile = join(dir, 'broken.csv');
    await writeFile(brokenFile, 'event_id,type\nb1,view\n"b2,view\n');
    await expect(runOperatorCommand(['import', brokenFile], app.config, () => undefined)).rejects.toThrow(/^The file is not valid csv after record \d+ \(Quote Not Closed/);
    await expect(runOperatorCommand(['import', join(dir, 'activity.txt')], app.config)).rejects.toThrow('import needs --format csv|jsonl|xml');
  });
});
