// `npm run bench:purchase [-- --no-build --seconds=10 --concurrency=16]`
// The purchase flow — place an order, the provider's signed payment.succeeded, the buyer reads the
// item in full — end to end over HTTP on the built api, as a ratio against the raw event-store
// append rate (one event to a new stream, EventStore.append straight on pg) measured in the same run.
import { fork } from 'node:child_process';
import { BENCH_WEBHOOK_SECRET, benchEnv, buildUnlessAsked } from './setup.mjs';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const ROOT = new URL('..', import.meta.url);
const loadBefore = os.loadavg()[0];
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const settings = { concurrency: option('concurrency', 16), durationMs: option('seconds', 10) * 1000, warmupMs: option('warmup', 2) * 1000 };

const env = benchEnv('bench-purchase');

buildUnlessAsked(args, ROOT);
const { DataSource } = await import('typeorm');
const { EventStore, EventTypeRegistry, loadConfig, noMetadata } = await import('../dist/libs/platform/src/index.js');
const { signSandboxPayload } = await import('../dist/libs/commerce/src/index.js');
const { createApi } = await import('../dist/apps/api/src/bootstrap.js');
const { recreateDatabase, seedContents } = await import('./database.mjs');
const { summarize } = await import('./load.mjs');

const config = loadConfig(env);
await recreateDatabase(config.databaseUrl);
const app = await createApi(config);
const dataSource = app.get(DataSource);
await seedContents(app, { published: 6000, drafts: 0 });
const items = (await dataSource.query(`SELECT content_id FROM commerce_products WHERE price_cents > 0 ORDER BY content_id`)).map((row) => row.content_id);

/** Closed loop: `concurrency` workers each run `step(worker)` until the deadline; latencies of steps that returned true. */
async function closedLoop(durationMs, concurrency, step) {
  const latenciesMs = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const at = performance.now();
        try {
          if (await step(worker)) latenciesMs.push(performance.now() - at);
          else errors++;
        } catch (error) {
          errors++;
          if (errors === 1) console.error(error);
        }
      }
    }),
  );
  return { latenciesMs, errors, bytes: 0, seconds: (performance.now() - started) / 1000 };
}

// Baseline: what the event store alone does — one event appended to a new stream, its own transaction.
const store = app.get(EventStore);
app.get(EventTypeRegistry).register({ 'bench.appended': { schemaVersion: 1 } }); // declared in this process only: nothing else reads it
const append = async () => {
  await store.append({
    streamId: `bench-${randomUUID()}`,
    streamType: 'bench',
    expectedVersion: 0,
    events: [{ type: 'bench.appended', data: { at: Date.now() } }],
    metadata: noMetadata(),
  });
  return true;
};

// The api under test, in its own process like in production.
const child = fork(new URL('./serve.mjs', import.meta.url), ['app'], { cwd: ROOT, env, stdio: 'inherit' });
const port = await new Promise((resolve, reject) => {
  child.once('message', (message) => resolve(message.port));
  child.once('exit', (code) => reject(new Error(`api exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
const call = async (method, path, { token, body, headers = {}, raw } = {}) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body || raw ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: raw ?? (body ? JSON.stringify(body) : undefined),
  });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
};

/** A verified, signed-in learner per worker (the mail goes to mail_outbox without SMTP). */
async function learner(index) {
  const email = `buyer-${index}@bench.zhiku`;
  const password = 'bench-buyer-password-123';
  const registered = await call('POST', '/api/v1/auth/register', { body: { email, password, displayName: `buyer ${index}` } });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  let mail;
  for (let attempt = 0; !mail && attempt < 100; attempt++) {
    [mail] = await dataSource.query(`SELECT body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`, [email]);
    if (!mail) await new Promise((resolve) => setTimeout(resolve, 50)); // the verification mail is written just after the answer
  }
  const verified = await call('POST', '/api/v1/auth/email-verification', { body: { token: /token=([A-Za-z0-9._-]+)/.exec(mail.body)[1] } });
  if (verified.status !== 204) throw new Error(`verify: ${verified.status}`);
  const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
  return login.body.accessToken;
}
const tokens = [];
for (let index = 0; index < settings.concurrency; index++) tokens.push(await learner(index));

// Each worker buys its own items in turn, so no two flows contend for one (buyer, item).
const next = Array.from({ length: settings.concurrency }, (_, worker) => worker);
const purchase = async (worker) => {
  const contentId = items[next[worker]];
  next[worker] += settings.concurrency;
  if (contentId === undefined) throw new Error('ran out of seeded items: seed more or measure for less time');
  const token = tokens[worker];
  const order = await call('POST', '/api/v1/orders', { token, body: { contentIds: [contentId] }, headers: { 'idempotency-key': randomUUID() } });
  if (order.status !== 201) throw new Error(`order: ${order.status} ${JSON.stringify(order.body)}`);
  const raw = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.succeeded', data: { paymentId: order.body.payment.id, amountCents: order.body.totalCents, currency: 'CNY' } });
  const t = String(Math.floor(Date.now() / 1000));
  const paid = await call('POST', '/api/v1/payments/webhooks/sandbox', { raw, headers: { 'zhiku-signature': `t=${t},v1=${signSandboxPayload(BENCH_WEBHOOK_SECRET, t, Buffer.from(raw))}` } });
  if (paid.status !== 200 || paid.body.status !== 'processed') throw new Error(`webhook: ${paid.status} ${JSON.stringify(paid.body)}`);
  const read = await call('GET', `/api/v1/contents/${contentId}`, { token });
  return read.status === 200 && read.body.access === 'full';
};

await closedLoop(settings.warmupMs, settings.concurrency, append);
await closedLoop(settings.warmupMs, settings.concurrency, purchase);
// Baseline, flows, baseline again: a drift between the two baselines shows in the output.
const baselineBefore = await closedLoop(settings.durationMs / 2, settings.concurrency, append);
const flows = summarize([await closedLoop(settings.durationMs, settings.concurrency, purchase)]);
const baselineAfter = await closedLoop(settings.durationMs / 2, settings.concurrency, append);
const baseline = summarize([baselineBefore, baselineAfter]);
const [perFlow] = await dataSource.query(
  `SELECT (SELECT count(*) FROM events WHERE stream_type <> 'bench' AND stream_type <> 'content')::float / greatest(1, (SELECT count(*) FROM commerce_orders WHERE status = 'paid')) AS events`,
);

child.send('stop');
await app.close();

const round = (value, digits = 1) => Number(value.toFixed(digits));
const result = {
  settings,
  machine: { cores: os.availableParallelism(), loadBefore: round(loadBefore, 2), node: process.version },
  purchaseFlow: { flows: flows.requests, errors: flows.errors, flowsPerSecond: round(flows.requestsPerSecond), p50Ms: round(flows.p50Ms), p99Ms: round(flows.p99Ms) },
  eventStoreAppend: { appends: baseline.requests, appendsPerSecond: round(baseline.requestsPerSecond), p50Ms: round(baseline.p50Ms, 2), p99Ms: round(baseline.p99Ms, 2) },
  eventsPerFlow: round(perFlow.events, 2),
  ratios: {
    flowsPerAppend: round(flows.requestsPerSecond / baseline.requestsPerSecond, 3),
    p99FlowOverAppend: round(flows.p99Ms / baseline.p99Ms, 1),
  },
};
console.table({
  'purchase flow (order → webhook → read)': { 'per s': result.purchaseFlow.flowsPerSecond, 'p50 ms': result.purchaseFlow.p50Ms, 'p99 ms': result.purchaseFlow.p99Ms, errors: flows.errors },
  'event-store append (baseline)': { 'per s': result.eventStoreAppend.appendsPerSecond, 'p50 ms': result.eventStoreAppend.p50Ms, 'p99 ms': result.eventStoreAppend.p99Ms, errors: baseline.errors },
});
console.log(JSON.stringify(result.ratios), `events per flow: ${result.eventsPerFlow}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/purchase-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.exit(flows.errors > 0 ? 1 : 0);
