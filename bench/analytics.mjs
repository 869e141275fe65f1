// `npm run bench:analytics [-- --no-build --seconds=10 --concurrency=16 --batch=100 --facts=200000 --rate=5000]`
// The data pipeline's throughput on this machine:
// 1. ingest: POST /api/v1/events with batches of `batch` events from `concurrency` keep-alive
//    connections for `seconds`, against the built api in its own process: events/s and the p99 of a batch.
//    Without --rate each connection sends its next batch when the last is answered (the most the api
//    takes; latency is then mostly queueing). With --rate=N batches leave on a fixed schedule of N events/s
//    in all, and each latency counts from the batch's scheduled time, so a stall delays, and counts for,
//    every batch behind it (the issue's target: p99 under 100 ms at 5,000 events/s);
// 2. cleansing: `facts` raw rows (the ingested ones plus generated ones) cleansed batch by batch: rows/s;
// 3. analytics: a full refresh (daily aggregates and association rules) over those facts: seconds.
import { fork } from 'node:child_process';
import { benchEnv, buildUnlessAsked } from './setup.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url);
const loadBefore = os.loadavg()[0];
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const settings = {
  seconds: option('seconds', 10),
  concurrency: option('concurrency', 16),
  batch: option('batch', 100),
  facts: option('facts', 200_000),
  rate: args.some((arg) => arg.startsWith('--rate=')) ? option('rate', 0) : null,
};
if (settings.batch > 500) throw new Error('--batch is at most 500 (the API refuses the rest)');

const env = benchEnv('bench-analytics', {
  // The load comes from one address: the limits are not what is measured.
  ANALYTICS_EVENTS_PER_MINUTE_PER_IP: '100000000',
  ANALYTICS_EVENTS_PER_MINUTE_PER_USER: '10000000',
  // The bench runs cleansing and the refresh itself, timed.
  ANALYTICS_CLEANSING_EVERY_MS: '86400000',
  ANALYTICS_REFRESH_EVERY_MS: '604800000',
  ANALYTICS_CLEANSING_BATCH_SIZE: '10000',
});

buildUnlessAsked(args, ROOT);
const { loadConfig } = await import('../dist/libs/platform/src/index.js');
const { CleansingBatches, AnalyticsBuild, RawEvents } = await import('../dist/libs/analytics/src/index.js');
const { createWorker } = await import('../dist/apps/worker/src/bootstrap.js');
const { recreateDatabase } = await import('./database.mjs');

const config = loadConfig(env);
await recreateDatabase(config.databaseUrl);

const ITEMS = Array.from({ length: 200 }, () => randomUUID());
const TYPES = ['view', 'view', 'view', 'play', 'click', 'share', 'rate'];
let counter = 0;
/** A client event: spread over items and the last 30 days, so near-duplicates are rare, as in real traffic. */
function event(sequence) {
  const type = TYPES[sequence % TYPES.length];
  const props = { view: { durationMs: sequence % 60_000 }, play: { progress: (sequence % 100) / 100 }, click: {}, share: { channel: 'wechat' }, rate: { rating: 1 + (sequence % 5) } }[type];
  return {
    clientEventId: `e${sequence}`,
    type,
    occurredAt: Date.now() - (sequence % (30 * 86_400)) * 1000,
    itemId: ITEMS[sequence % ITEMS.length],
    platform: ['ios', 'android', 'web'][sequence % 3],
    props,
  };
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
/** The PostgreSQL backends serving the bench's database, and the CPU each has used so far. */
async function backendsCpu(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  await client.end();
  return new Map(rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
}

function post(agent, port, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      { host: '127.0.0.1', port, path: '/api/v1/events', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function ingest(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const latencies = [];
  let events = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + settings.seconds * 1000;
  // With a rate, connection k sends its i-th batch at started + (k + i * concurrency) * interval.
  const interval = settings.rate === null ? 0 : (1000 * settings.batch) / settings.rate;
  const connection = async (device) => {
    for (let sent = 0; performance.now() < deadline; sent++) {
      const batch = Array.from({ length: settings.batch }, () => event(counter++));
      const scheduled = started + (device + sent * settings.concurrency) * interval;
      if (scheduled > performance.now()) await new Promise((resolve) => setTimeout(resolve, scheduled - performance.now()));
      const at = settings.rate === null ? performance.now() : scheduled;
      const status = await post(agent, port, { deviceId: `bench-device-${device}`, events: batch }).catch(() => 0);
      if (status === 202) {
        latencies.push(performance.now() - at);
        events += batch.length;
      } else errors++;
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, (_, device) => connection(device)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
  return { events, batches: latencies.length, errors, seconds, eventsPerSecond: events / seconds, p50Ms: p(0.5), p99Ms: p(0.99) };
}

// 1. Ingest, against the api in its own process (as production runs it).
const server = fork(new URL('./serve.mjs', import.meta.url), ['app'], { env, execArgv: process.env.BENCH_API_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise((resolve) => server.once('message', (message) => resolve(message.port)));
await ingest(port).then(() => undefined, () => undefined); // warm-up round, not counted
// CPU of the api process and of its database backends over the measured round: what a request costs,
// which the other work on a shared machine distorts less than latency.
const apiCpuBefore = cpuSeconds(server.pid);
const postgresBefore = await backendsCpu(config.databaseUrl);
const ingested = await ingest(port);
const postgresAfter = await backendsCpu(config.databaseUrl);
let postgresCpu = 0;
for (const [pid, seconds] of postgresAfter) postgresCpu += seconds - (postgresBefore.get(pid) ?? 0);
ingested.apiCpuMsPer1000Events = ((cpuSeconds(server.pid) - apiCpuBefore) * 1e6) / ingested.events;
ingested.postgresCpuMsPer1000Events = (postgresCpu * 1e6) / ingested.events;
ingested.loadAverage = os.loadavg()[0];
server.send('stop');
console.log(`ingest: ${ingested.eventsPerSecond.toFixed(0)} events/s (${ingested.events} events in ${ingested.seconds.toFixed(1)} s, batches of ${settings.batch}, ${settings.concurrency} connections${settings.rate === null ? '' : `, scheduled at ${settings.rate} events/s`}), p50 ${ingested.p50Ms.toFixed(1)} ms, p99 ${ingested.p99Ms.toFixed(1)} ms, ${ingested.errors} errors; CPU per 1,000 events: api ${ingested.apiCpuMsPer1000Events.toFixed(0)} ms, postgres ${ingested.postgresCpuMsPer1000Events.toFixed(0)} ms; load ${ingested.loadAverage.toFixed(1)}`);

// 2. Cleansing, in a worker built as production builds it; generated rows top the raw table up to `facts`.
const worker = await createWorker(config);
const raw = worker.get(RawEvents);
const users = Array.from({ length: 5000 }, () => randomUUID());
const { DataSource } = await import('typeorm');
const db = worker.get(DataSource);
const [{ rows: rawRows }] = await db.query(`SELECT count(*)::int AS rows FROM analytics_raw_events`);
for (let added = rawRows; added < settings.facts; ) {
  const chunk = Math.min(10_000, settings.facts - added);
  await raw.append(
    Array.from({ length: chunk }, (_, k) => {
      const sequence = counter++;
      const user = users[sequence % users.length];
      const e = event(sequence);
      const purchase = sequence % 20 === 0;
      return {
        source: 'bench',
        sourceEventId: String(sequence),
        eventType: purchase ? 'purchase' : e.type,
        userId: user,
        deviceId: null,
        timeZone: null,
        clientIp: null,
        payload: { occurredAt: e.occurredAt + k, itemId: ITEMS[(sequence * 7919) % (purchase ? 40 : ITEMS.length)], platform: e.platform, props: purchase ? { amountCents: 990, currency: 'CNY' } : e.props },
      };
    }),
  );
  added += chunk;
}
const [{ rows: toCleanse }] = await db.query(`SELECT count(*)::int AS rows FROM analytics_raw_events`);
const batches = worker.get(CleansingBatches);
const cleanseStarted = performance.now();
// Until every raw row is in a batch: the worker's scheduled run may take batches too (they share a
// lock, so they run one after another), and a batch waits for older transactions on the server.
for (;;) {
  if (await batches.runNext()) continue;
  const [{ left }] = await db.query(
    `SELECT count(*)::int AS left FROM analytics_raw_events r
      WHERE (r.transaction_id, r.id) > coalesce((SELECT (to_tx, to_raw_id) FROM analytics_cleansing_batches ORDER BY id DESC LIMIT 1), ('0'::xid8, 0::bigint))`,
  );
  if (left === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const cleanseSeconds = (performance.now() - cleanseStarted) / 1000;
const [{ batchCount }] = await db.query(`SELECT count(*)::int AS "batchCount" FROM analytics_cleansing_batches`);
const [{ facts }] = await db.query(`SELECT count(*)::int AS facts FROM analytics_facts`);
console.log(`cleansing: ${(toCleanse / cleanseSeconds).toFixed(0)} raw rows/s (${toCleanse} rows in ${batchCount} batches, ${cleanseSeconds.toFixed(1)} s; ${facts} facts kept)`);

// 3. A full analytics refresh over every fact.
const refreshStarted = performance.now();
const refreshed = await worker.get(AnalyticsBuild).refresh();
const refreshSeconds = (performance.now() - refreshStarted) / 1000;
console.log(`analytics refresh: ${refreshSeconds.toFixed(1)} s over ${facts} facts (${refreshed.days} item-days, ${refreshed.rules} rules)`);
await worker.close();

const result = {
  at: new Date().toISOString(),
  machine: { cores: os.availableParallelism(), loadBefore },
  settings,
  ingest: ingested,
  cleansing: { rows: toCleanse, batches: batchCount, seconds: cleanseSeconds, rowsPerSecond: toCleanse / cleanseSeconds, facts },
  refresh: { seconds: refreshSeconds, facts, ...refreshed },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/analytics-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(`load average before: ${loadBefore.toFixed(2)} on ${os.availableParallelism()} cores; written to bench/results/analytics-latest.json`);
