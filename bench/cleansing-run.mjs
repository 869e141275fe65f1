// Child process of `bench/cleansing-ab.mjs`: one cleansing run of one build, on a fresh database.
// `node bench/cleansing-run.mjs ROOT` where ROOT holds that build (`ROOT/dist`, `ROOT/package.json`,
// `ROOT/node_modules`); settings come as JSON in BENCH_CLEANSING. Prints one JSON line:
// wall seconds, this process's CPU, the PostgreSQL backends' CPU, and digests of what came out
// (facts, quarantine, batch reports), so two builds can be shown to give the same rows.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const root = new URL(`file://${process.argv[2].replace(/\/?$/, '/')}`);
const settings = JSON.parse(process.env.BENCH_CLEANSING);
const { loadConfig, runMigrations } = await import(new URL('dist/libs/platform/src/index.js', root));
const { CleansingBatches } = await import(new URL('dist/libs/analytics/src/index.js', root));
const { allMigrations } = await import(new URL('dist/apps/api/src/migrations.js', root));
const { DataSource } = await import(new URL('node_modules/typeorm/index.mjs', root));

const config = loadConfig(process.env);
const url = new URL(config.databaseUrl);
const name = url.pathname.slice(1);
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
await runMigrations({ databaseUrl: config.databaseUrl }, allMigrations);

const dataSource = new DataSource({ type: 'postgres', url: config.databaseUrl, poolSize: 4 });
await dataSource.initialize();
const batches = new CleansingBatches(dataSource, config);

// Deterministic data (mulberry32), the same for every build and round.
let state = settings.seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(random() * n);
const uuid = () => {
  const hex = Array.from({ length: 32 }, () => int(16).toString(16));
  hex[12] = '4';
  hex[16] = '8';
  return `${hex.slice(0, 8).join('')}-${hex.slice(8, 12).join('')}-${hex.slice(12, 16).join('')}-${hex.slice(16, 20).join('')}-${hex.slice(20).join('')}`;
};
const users = Array.from({ length: 5000 }, uuid);
const items = Array.from({ length: 500 }, uuid);
const devices = Array.from({ length: 2000 }, (_, k) => `device-${k}`);
const NOW = Date.parse('2026-11-28T00:00:00Z');
const PLATFORMS = ['ios', 'iPhone', ' Android ', 'web', 'h5', 'mini-program', null];
const TYPES = ['view', 'view', 'view', 'play', 'play', 'click', 'share', 'rate', 'search', 'purchase'];
let sequence = 0;
const recent = [];

/** One raw row, dirty the way clients are: spellings, formats, missing values, resends, double taps, garbage. */
function rawRow() {
  const id = `e${sequence++}`;
  const dice = random();
  if (dice < 0.02 && recent.length > 0) return { ...recent[int(recent.length)] }; // exact resend
  if (dice < 0.04 && recent.length > 0) {
    // a double tap: same subject, item and type, a moment later, a new event id
    const tap = recent[int(recent.length)];
    return { ...tap, sourceEventId: id, payload: { ...tap.payload, occurredAt: Number(new Date(tap.payload.occurredAt)) + int(1500) } };
  }
  const type = TYPES[int(TYPES.length)];
  const anonymous = random() < 0.2;
  const at = NOW - int(30 * 86_400_000);
  const format = int(3);
  const occurredAt = format === 0 ? new Date(at).toISOString() : format === 1 ? at : new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const missing = random() < 0.05;
  const props = {
    view: { durationMs: missing ? '' : int(600_000) },
    play: { progress: missing ? null : int(101) / 100 },
    click: {},
    share: { channel: ['wechat', 'weibo', ' QQ '][int(3)] },
    rate: { rating: missing ? 'NA' : String(1 + int(5)) },
    search: { query: ` python  入门 ${int(50)} ` },
    purchase: { amountCents: 990 + int(10) * 100, currency: 'cny' },
  }[type];
  const row = {
    source: type === 'purchase' ? 'server' : 'web',
    sourceEventId: id,
    eventType: random() < 0.01 ? 'teleport' : random() < 0.1 ? ` ${type.toUpperCase()} ` : type,
    userId: anonymous && type !== 'purchase' ? null : users[int(users.length)],
    deviceId: anonymous && type !== 'purchase' ? devices[int(devices.length)] : null,
    timeZone: format === 2 ? 'Asia/Shanghai' : null,
    payload: {
      occurredAt: random() < 0.005 ? 'yesterday' : occurredAt,
      itemId: type === 'search' ? undefined : items[int(items.length)],
      platform: PLATFORMS[int(PLATFORMS.length)] ?? undefined,
      props,
    },
  };
  recent.push(row);
  if (recent.length > 2000) recent.shift();
  return row;
}

async function appendRaw(count) {
  for (let done = 0; done < count; ) {
    const rows = Array.from({ length: Math.min(10_000, count - done) }, rawRow);
    const column = (key) => rows.map((row) => row[key]);
    await dataSource.query(
      `INSERT INTO analytics_raw_events (source, source_event_id, event_type, user_id, device_id, time_zone, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[])`,
      [column('source'), column('sourceEventId'), column('eventType'), column('userId'), column('deviceId'), column('timeZone'), rows.map((row) => JSON.stringify(row.payload))],
    );
    done += rows.length;
  }
}

/** Batches until every raw row is in one (a batch waits for older transactions on the server). */
async function cleanseAll() {
  let count = 0;
  for (;;) {
    const result = await batches.runNext();
    if (result) {
      count++;
      continue;
    }
    const [{ left }] = await dataSource.query(
      `SELECT count(*)::int AS left FROM analytics_raw_events r
        WHERE (r.transaction_id, r.id) > coalesce((SELECT (to_tx, to_raw_id) FROM analytics_cleansing_batches ORDER BY id DESC LIMIT 1), ('0'::xid8, 0::bigint))`,
    );
    if (left === 0) return count;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const ticks = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
  } catch {
    return 0;
  }
};
const backends = async () => (await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).map(({ pid }) => pid);

// Devices seen signed in: some anonymous rows belong to users.
await dataSource.query(
  `INSERT INTO analytics_device_links (device_id, user_id, linked_at) SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[])`,
  [devices.slice(0, 500), devices.slice(0, 500).map((_, k) => users[k]), devices.slice(0, 500).map((_, k) => new Date(NOW - k * 3_600_000))],
);
await appendRaw(settings.prefill);
await cleanseAll();
await dataSource.query(`ANALYZE`);
await appendRaw(settings.rows);

const pids = await backends();
const before = new Map(pids.map((pid) => [pid, ticks(pid)]));
const cpu = process.cpuUsage();
const started = performance.now();
const batchCount = await cleanseAll();
const seconds = (performance.now() - started) / 1000;
const node = process.cpuUsage(cpu);
let postgresTicks = 0;
for (const pid of new Set([...pids, ...(await backends())])) postgresTicks += ticks(pid) - (before.get(pid) ?? 0);

const digest = async (sql) => (await dataSource.query(`SELECT md5(coalesce(string_agg(r::text, '|'), '')) AS d, count(*)::int AS n FROM (${sql}) r`))[0];
const result = {
  seconds,
  batches: batchCount,
  nodeCpuSeconds: (node.user + node.system) / 1e6,
  postgresCpuSeconds: postgresTicks / 100,
  facts: await digest(
    `SELECT batch_id, raw_id, source, source_event_id, event_type, user_id, device_id, item_id, occurred_at, platform, amount_cents, currency,
            duration_ms, progress, rating, query, channel, imputed FROM analytics_facts ORDER BY source, source_event_id`,
  ),
  quarantine: await digest(`SELECT batch_id, raw_id, source, source_event_id, event_type, payload, reason, detail FROM analytics_quarantine ORDER BY batch_id, raw_id`),
  reports: await digest(
    `SELECT id, from_raw_id, to_raw_id, rows_in, rows_out, duplicates, near_duplicates, imputed, quarantined FROM analytics_cleansing_batches ORDER BY id`,
  ),
};
await dataSource.destroy();
console.log(JSON.stringify(result));
