// `npm run bench:reco [-- --no-build --interactions=1000000 --items=20000 --users=100000 --learners=40 --seconds=10 --concurrency=2 --lists-seconds=N --name=bench-reco]`
//
// `--name` picks the database (zhiku_<name>) and queue prefix, so two sessions can run it side by side.
//
// The recommendation engine at scale, on its own database `zhiku_bench_reco` (dropped and recreated):
// 1. Data: `bench/reco-data.mjs` writes the read model (items, categories, classes, purchases) with
//    COPY. `learners` of the generated users are replaced by registered, signed-in accounts (their
//    purchases move to the new ids), so their lists can be asked for over HTTP.
// 2. Batch: the worker as production runs it (`bench/reco-worker.mjs`, its own process) runs the
//    rebuild its schedule enqueues at start, as a BullMQ job. Measured: wall time (the run record's
//    started → finished), the worker process's peak RSS and CPU time, the job's progress as it moves,
//    and any `stalled` event BullMQ raises. Baseline of the same run: PostgreSQL reading every
//    purchase once (`COPY … TO STDOUT`), the floor of any batch over this data.
// 3. Precompute: the lists job the rebuild enqueues (every learner's list for the new batch, on its
//    own queue), timed from the batch's switch to the job's completion, with its learners.
// 4. Serving: `GET /api/v1/me/recommendations` of the sampled learners over HTTP (the built api,
//    `bench/serve.mjs app`, served from their precomputed rows), against raw Fastify + pg
//    (`bench/reco-baseline.mjs`) reading the same one row (`baseline`) and sending the live
//    computation's statements (`baselineLive`, what the app sent before), in alternating rounds;
//    p50 / p95 / p99.
// Results go to bench/results/reco-latest.json. Nothing here asserts a time.
import { fork, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchEnv, buildUnlessAsked } from './setup.mjs';

const ROOT = new URL('..', import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const found = args.find((arg) => arg.startsWith(`--${name}=`));
  const value = found === undefined ? fallback : Number(found.slice(name.length + 3));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const settings = {
  interactions: option('interactions', 1_000_000),
  items: option('items', 20_000),
  users: option('users', 100_000),
  learners: option('learners', 40),
  seconds: option('seconds', 10),
  rounds: option('rounds', 4),
  concurrency: option('concurrency', 2),
  // How long to let the lists job run before timing its rate and moving on (0: until it completes).
  listsSeconds: args.some((arg) => arg.startsWith('--lists-seconds=')) ? option('lists-seconds', 1) : 0,
};
const loadAtStart = os.loadavg()[0];
const benchName = args.find((arg) => arg.startsWith('--name='))?.slice('--name='.length) ?? 'bench-reco';
if (!/^bench-[a-z0-9-]+$/.test(benchName)) throw new Error('--name must look like bench-<letters, digits, dashes>');

const env = benchEnv(benchName, {
  // The first scheduled rebuild runs when the worker starts; the next is a week away.
  RECOMMENDATION_REBUILD_EVERY_MS: String(7 * 86_400_000),
});
buildUnlessAsked(args, ROOT);
const { loadConfig, QueueName } = await import('../dist/libs/platform/src/index.js');
const { recreateDatabase } = await import('./database.mjs');
const { generateRecommendationData } = await import('./reco-data.mjs');
const { default: pg } = await import('pg');
const { Queue, QueueEvents } = await import('bullmq');
const config = loadConfig(env);
await recreateDatabase(config.databaseUrl);
const db = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });

console.log(`generating ${settings.interactions} interactions of ${settings.users} users over ${settings.items} items…`);
const generated = await generateRecommendationData(config.databaseUrl, settings);
await db.query('VACUUM ANALYZE');
console.log(`generated in ${generated.buildSeconds.toFixed(1)} s, written with COPY in ${generated.copySeconds.toFixed(1)} s`);

/** Starts `script` as a child process with the bench environment and waits for its first message. */
async function child(script, argv = []) {
  const process_ = fork(new URL(script, import.meta.url), argv, { cwd: ROOT, env, stdio: 'inherit' });
  const first = await new Promise((resolve, reject) => {
    process_.once('message', resolve);
    process_.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { process: process_, first };
}

// The api, and the learners whose lists are read: registered, verified, signed in, each taking over a generated user's purchases.
const api = await child('./serve.mjs', ['app']);
const base = `http://127.0.0.1:${api.first.port}`;
const call = async (method, path, { token, body } = {}) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
};
async function learner(index, generatedUserId) {
  const email = `learner-${index}@bench.zhiku`;
  const password = 'bench-learner-password-123';
  const registered = await call('POST', '/api/v1/auth/register', { body: { email, password, displayName: `learner ${index}` } });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  let mail;
  for (let attempt = 0; !mail && attempt < 200; attempt++) {
    [mail] = (await db.query(`SELECT body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`, [email])).rows;
    if (!mail) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const verified = await call('POST', '/api/v1/auth/email-verification', { body: { token: /token=([A-Za-z0-9._-]+)/.exec(mail.body)[1] } });
  if (verified.status !== 204) throw new Error(`verify: ${verified.status}`);
  const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
  const [{ id }] = (await db.query(`SELECT id FROM identity_users WHERE email = $1`, [email])).rows;
  const moved = await db.query(`UPDATE rec_purchases SET user_id = $1 WHERE user_id = $2`, [id, generatedUserId]);
  return { id, token: login.body.accessToken, purchases: moved.rowCount };
}
// Learners drawn evenly from the generated users (fixed stride): their histories are as the data's.
const stride = Math.floor(generated.users / settings.learners);
const learners = [];
for (let index = 0; index < settings.learners; index++) learners.push(await learner(index, generated.userIds[index * stride + 7]));
console.log(`${learners.length} learners signed in; purchases each: ${learners.map((l) => l.purchases).join(', ')}`);

// Baseline of the batch: PostgreSQL reading every purchase once.
const readStarted = performance.now();
const read = spawnSync('psql', [config.databaseUrl, '-q', '-c', 'COPY (SELECT user_id, content_id FROM rec_purchases) TO STDOUT'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (read.status !== 0) throw new Error('psql COPY TO STDOUT failed');
const readSeconds = (performance.now() - readStarted) / 1000;

// The batch, through the worker's BullMQ job.
const redis = new URL(config.redisUrl);
const connection = { host: redis.hostname, port: Number(redis.port || 6379) };
// A fresh queue: a job an interrupted run left active would otherwise be taken as stalled and run again.
for (const name of [QueueName.Recommendation, QueueName.RecommendationLists]) {
  const queue = new Queue(name, { connection, prefix: config.queuePrefix });
  await queue.obliterate({ force: true });
  await queue.close();
}
// The precompute's job: completed (its learners) when every list of the batch is written.
const listsEvents = new QueueEvents(QueueName.RecommendationLists, { connection, prefix: config.queuePrefix });
await listsEvents.waitUntilReady();
let listsCompleted;
const listsProgress = [];
listsEvents.on('completed', ({ returnvalue }) => (listsCompleted = { at: Date.now(), outcome: returnvalue }));
listsEvents.on('failed', ({ failedReason }) => console.log(`  lists job failed: ${failedReason}`));
listsEvents.on('progress', ({ data }) => listsProgress.push({ at: Date.now(), percent: data }));
const events = new QueueEvents(QueueName.Recommendation, { connection, prefix: config.queuePrefix });
await events.waitUntilReady();
const stalled = [];
const progressSeen = [];
events.on('stalled', ({ jobId }) => stalled.push(jobId));
events.on('progress', ({ data }) => progressSeen.push({ atSeconds: (performance.now() - batchStarted) / 1000, percent: data }));
const batchStarted = performance.now();
const worker = await child('./reco-worker.mjs');
let lastShown = '';
let finished;
while (!finished) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  [finished] = (await db.query(`SELECT id, started_at, finished_at, items, pairs, model, model_choice, model_choice_reason FROM rec_batches`)).rows;
  const [running] = (await db.query(`SELECT progress, step FROM rec_batch_in_progress`)).rows;
  const shown = running ? `${running.progress}% ${running.step ?? ''}` : '';
  if (shown && shown !== lastShown) console.log(`  batch ${((performance.now() - batchStarted) / 1000).toFixed(0)} s: ${shown}`);
  lastShown = shown;
}
const usageOf = async () => {
  worker.process.send('usage');
  return (await new Promise((resolve) => worker.process.once('message', resolve))).usage;
};
const usage = await usageOf();
// Then every learner's list for the batch, on the lists queue (all of it, or `--lists-seconds` of it: its rate).
let lastPercent = -1;
const listsDeadline = settings.listsSeconds > 0 ? Date.now() + settings.listsSeconds * 1000 : Infinity;
while (!listsCompleted && Date.now() < listsDeadline) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const percent = Math.floor((listsProgress.at(-1)?.percent ?? 0) / 10) * 10;
  if (percent !== lastPercent) console.log(`  lists ${((Date.now() - finished.finished_at.getTime()) / 1000).toFixed(0)} s after the switch: ${percent}%`);
  lastPercent = percent;
}
const listsStoppedAt = listsCompleted?.at ?? Date.now();
const usageAfterLists = await usageOf();
const [listRows] = (await db.query(`SELECT count(*)::int AS rows, pg_total_relation_size('rec_precomputed_lists') AS bytes FROM rec_precomputed_lists WHERE batch_id = $1`, [finished.id])).rows;
const precompute = {
  completed: Boolean(listsCompleted),
  wallSecondsAfterSwitch: (listsStoppedAt - finished.finished_at.getTime()) / 1000,
  cpuSeconds: usageAfterLists.userCpuSeconds + usageAfterLists.systemCpuSeconds - (usage.userCpuSeconds + usage.systemCpuSeconds),
  peakRssMb: usageAfterLists.maxRssKb / 1024,
  outcome: listsCompleted ? (typeof listsCompleted.outcome === 'string' ? JSON.parse(listsCompleted.outcome) : listsCompleted.outcome) : null,
  rows: listRows.rows,
  tableMb: Number(listRows.bytes) / 1024 / 1024,
};
precompute.listsPerSecond = precompute.rows / precompute.wallSecondsAfterSwitch;
console.log(
  `precompute${precompute.completed ? '' : ' (stopped)'}: ${precompute.rows} lists in ${precompute.wallSecondsAfterSwitch.toFixed(1)} s wall after the switch ` +
    `(${precompute.listsPerSecond.toFixed(1)} lists/s), ${precompute.cpuSeconds.toFixed(1)} s CPU (worker process), ${precompute.tableMb.toFixed(0)} MB, peak RSS ${precompute.peakRssMb.toFixed(0)} MB`,
);
// A learner whose list the pass has not reached yet gets it the way an interaction gets it: the per-learner refresh.
const missing = (await db.query(`SELECT id FROM unnest($1::uuid[]) AS id WHERE NOT EXISTS (SELECT 1 FROM rec_precomputed_lists l WHERE l.user_id = id AND l.batch_id = $2)`, [learners.map((l) => l.id), finished.id])).rows;
if (missing.length > 0) {
  const refreshes = new Queue(QueueName.RecommendationNeighbours, { connection, prefix: config.queuePrefix });
  for (const { id } of missing) await refreshes.add('refresh-neighbours', { userId: id }, { removeOnComplete: true });
  await refreshes.close();
  for (let waited = 0; ; waited++) {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM rec_precomputed_lists WHERE user_id = ANY($1::uuid[]) AND batch_id = $2`, [learners.map((l) => l.id), finished.id])).rows;
    if (n === learners.length) break;
    if (waited > 600) throw new Error(`the refreshes left ${learners.length - n} learners without a list`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`${missing.length} of the ${learners.length} learners' lists computed by their refresh`);
}
worker.process.send('stop');
await events.close();
await listsEvents.close();
const batch = {
  wallSeconds: (finished.finished_at - finished.started_at) / 1000,
  cpuSeconds: usage.userCpuSeconds + usage.systemCpuSeconds,
  peakRssMb: usage.maxRssKb / 1024,
  items: finished.items,
  pairs: finished.pairs,
  model: finished.model,
  modelChoice: { kind: finished.model_choice, reason: finished.model_choice_reason },
  stalledEvents: stalled.length,
  progressEvents: progressSeen.length,
  progress: progressSeen.filter((_, at) => at % Math.max(1, Math.floor(progressSeen.length / 20)) === 0),
};
console.log(
  `batch: ${batch.wallSeconds.toFixed(1)} s wall, ${batch.cpuSeconds.toFixed(1)} s CPU (worker process, boot included), peak RSS ${batch.peakRssMb.toFixed(0)} MB, ` +
    `${stalled.length} stalled events, ${progressSeen.length} progress events; model ${batch.model}; baseline (read every purchase): ${readSeconds.toFixed(1)} s`,
);
await db.query('VACUUM ANALYZE');

// Serving: the app against the baseline, alternating rounds.
const baseline = await child('./reco-baseline.mjs');
const targets = {
  ours: { port: api.first.port, path: () => '/api/v1/me/recommendations', headers: (l) => ({ authorization: `Bearer ${l.token}` }) },
  baseline: { port: baseline.first.port, path: (l) => `/precomputed?user=${l.id}`, headers: () => ({}) },
  baselineLive: { port: baseline.first.port, path: (l) => `/recommendations?user=${l.id}`, headers: () => ({}) },
};
const NAMES = Object.keys(targets);
function get(agent, port, path, headers) {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
// All three must give each learner the same list before anything is timed (the stored row must be servable: else the baseline answers 409).
for (const l of learners) {
  const agent = new http.Agent({ keepAlive: false });
  const answers = await Promise.all(NAMES.map((name) => get(agent, targets[name].port, targets[name].path(l), targets[name].headers(l))));
  if (answers.some((answer) => answer.status !== 200)) throw new Error(`answers ${answers.map((a) => a.status).join(' / ')} for ${l.id}: ${answers.map((a) => a.body.slice(0, 200)).join(' | ')}`);
  // Scores are compared to 1e-9: a sum of the same neighbourhood rows in another plan's order may differ in its last bit.
  const lists = answers.map((answer) => JSON.parse(answer.body).items);
  const same = (x, y) => x.length === y.length && x.every((pick, at) => JSON.stringify({ ...pick, score: 0 }) === JSON.stringify({ ...y[at], score: 0 }) && Math.abs(pick.score - y[at].score) <= 1e-9 * Math.max(1, Math.abs(pick.score)));
  if (lists.some((list) => !same(list, lists[0]))) throw new Error(`the lists differ for ${l.id}: ${lists.map((list) => JSON.stringify(list).slice(0, 300)).join(' | ')}`);
}
async function measure(name, durationMs) {
  const target = targets[name];
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      while (performance.now() < deadline) {
        const l = learners[next++ % learners.length];
        const at = performance.now();
        const response = await get(agent, target.port, target.path(l), target.headers(l)).catch(() => ({ status: 0 }));
        if (response.status === 200) latencies.push(performance.now() - at);
        else errors++;
      }
    }),
  );
  agent.destroy();
  return { latencies, errors };
}
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const collected = Object.fromEntries(NAMES.map((name) => [name, { latencies: [], errors: 0 }]));
for (const name of NAMES) await measure(name, 2000);
for (let round = 0; round < settings.rounds; round++) {
  for (const name of round % 2 === 0 ? [...NAMES].reverse() : NAMES) {
    const { latencies, errors } = await measure(name, (settings.seconds * 1000) / settings.rounds);
    collected[name].latencies.push(...latencies);
    collected[name].errors += errors;
  }
}
const serving = Object.fromEntries(
  Object.entries(collected).map(([name, { latencies, errors }]) => {
    const sorted = latencies.sort((a, b) => a - b);
    return [name, { requests: sorted.length, errors, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99) }];
  }),
);
serving.ratio = Object.fromEntries(['p50Ms', 'p95Ms', 'p99Ms'].map((key) => [key, serving.ours[key] / serving.baseline[key]]));
for (const name of NAMES) {
  const s = serving[name];
  console.log(`serving ${name}: ${s.requests} requests, ${s.errors} errors, p50 ${s.p50Ms.toFixed(2)} ms, p95 ${s.p95Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms`);
}
console.log(`ratio ours / baseline: p50 ${serving.ratio.p50Ms.toFixed(2)}, p95 ${serving.ratio.p95Ms.toFixed(2)}, p99 ${serving.ratio.p99Ms.toFixed(2)}`);
api.process.send('stop');
baseline.process.send('stop');
await db.end();

const result = {
  at: new Date().toISOString(),
  machine: { cores: os.availableParallelism(), loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: os.loadavg()[0], node: process.version },
  settings,
  data: { interactions: generated.interactions, users: generated.users, items: generated.items, buildSeconds: generated.buildSeconds, copySeconds: generated.copySeconds },
  batch: { ...batch, baseline: { readEveryPurchaseSeconds: readSeconds } },
  precompute,
  serving,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/reco-latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(`load average ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at end, on ${os.availableParallelism()} cores; written to bench/results/reco-latest.json`);
process.exit(stalled.length > 0 || serving.ours.errors > 0 || serving.baseline.errors > 0 ? 1 : 0);
