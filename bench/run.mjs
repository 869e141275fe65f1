// `npm run bench [-- --no-build --seconds=10 --warmup=2 --rounds=5 --concurrency=32]`
// GET /api/v1/contents?limit=20 on the built app, as a ratio against raw Fastify + pg doing the same
// SQL in the same run. Each server runs in its own child process; the load comes from this one.
import { fork } from 'node:child_process';
import { benchEnv, buildUnlessAsked } from './setup.mjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';

const ROOT = new URL('..', import.meta.url);
const PATH = '/api/v1/contents?limit=20';
const SEED = { published: 2000, drafts: 200 };

// Taken before our own build and seeding raise it: a high value means other work shares the CPU.
const loadBefore = os.loadavg()[0];
const cores = os.availableParallelism();
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const settings = {
  concurrency: option('concurrency', 32),
  warmupMs: option('warmup', 2) * 1000,
  durationMs: option('seconds', 10) * 1000,
  rounds: option('rounds', 5),
  maxRequests: 2_000_000,
};
if (!Number.isInteger(settings.rounds) || !Number.isInteger(settings.concurrency)) {
  throw new Error('--rounds and --concurrency must be whole numbers');
}

const env = benchEnv('bench');

buildUnlessAsked(args, ROOT);

// Imported after the build: they load dist/.
const { DataSource } = await import('typeorm');
const { loadConfig } = await import('../dist/libs/platform/src/index.js');
const { createApi } = await import('../dist/apps/api/src/bootstrap.js');
const { recreateDatabase, seedContents } = await import('./database.mjs');
const { listSql, LIST_PARAMS } = await import('./baseline.mjs');
const { getJson, runFor, summarize } = await import('./load.mjs');

/** Seeds the catalog and returns the app's own response and the list SQL TypeORM sent for it. */
async function prepare() {
  const config = loadConfig(env);
  await recreateDatabase(config.databaseUrl);
  const app = await createApi(config);
  try {
    await seedContents(app, SEED);
    const dataSource = app.get(DataSource);
    const logger = dataSource.logger;
    const sent = [];
    dataSource.logger = Object.assign(Object.create(logger), {
      logQuery: (query, parameters) => sent.push({ query, parameters }),
    });
    const response = await app.inject({ method: 'GET', url: PATH });
    dataSource.logger = logger;
    if (response.statusCode !== 200) throw new Error(`app answered ${response.statusCode}: ${response.body}`);
    const listQueries = sent.filter(({ query }) => query.includes('FROM "catalog_contents"'));
    if (listQueries.length !== 1) throw new Error(`expected one list query, saw ${listQueries.length}`);
    const [{ query, parameters }] = listQueries;
    const postgres = (await dataSource.query('SHOW server_version'))[0].server_version;
    return { expected: response.json(), query, parameters, postgres };
  } finally {
    await app.close();
  }
}

function startServer(target) {
  const child = fork(new URL('./serve.mjs', import.meta.url), [target], { cwd: ROOT, env, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${target} server did not listen within 60 s`));
    }, 60_000);
    child.once('message', ({ port }) => {
      clearTimeout(timer);
      resolve({ child, url: `http://127.0.0.1:${port}${PATH}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${target} server exited (code ${code}) before listening`));
    });
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.send('stop');
  });
}

/** Starts a server and checks that its answer equals the app's own before any timing. */
async function startChecked(target, expected) {
  const server = await startServer(target);
  const response = await getJson(server.url).catch(async (error) => {
    await stopServer(server.child);
    throw error;
  });
  if (response.status !== 200 || !isDeepStrictEqual(response.body, expected)) {
    await stopServer(server.child);
    throw new Error(`${target} answered differently from the app's own response (status ${response.status})`);
  }
  return server;
}

const { expected, query, parameters, postgres } = await prepare();
if (query !== listSql(20) || !isDeepStrictEqual(parameters, LIST_PARAMS)) {
  console.error('The app now sends different list SQL; update listSql()/LIST_PARAMS in bench/baseline.mjs:');
  console.error(`  app:      ${query}  ${JSON.stringify(parameters)}`);
  console.error(`  baseline: ${listSql(20)}  ${JSON.stringify(LIST_PARAMS)}`);
  process.exit(1);
}

// Both servers are up but only one is loaded at a time (2 cores are already shared by the server,
// PostgreSQL and this load generator). Short alternating segments (ABBA order) spread any
// background load on this shared machine over both targets instead of skewing one.
const servers = { baseline: await startChecked('baseline', expected) };
let segments;
try {
  servers.ours = await startChecked('app', expected);
  const segmentMs = settings.durationMs / settings.rounds;
  const load = { concurrency: settings.concurrency, maxRequests: settings.maxRequests };
  console.log(`warming up each target for ${settings.warmupMs / 1000} s…`);
  for (const name of ['baseline', 'ours']) await runFor(servers[name].url, { ...load, durationMs: settings.warmupMs });
  segments = { baseline: [], ours: [] };
  for (let index = 0; index < settings.rounds; index++) {
    const order = index % 2 === 0 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    for (const name of order) segments[name].push(await runFor(servers[name].url, { ...load, durationMs: segmentMs }));
    console.log(`round ${index + 1}/${settings.rounds} done`);
  }
} finally {
  for (const { child } of Object.values(servers)) await stopServer(child);
}
const baseline = summarize(segments.baseline);
const ours = summarize(segments.ours);
const roundRatios = segments.ours.map(
  (segment, index) =>
    segment.latenciesMs.length / segment.seconds / (segments.baseline[index].latenciesMs.length / segments.baseline[index].seconds),
);
const loadAfter = os.loadavg()[0];

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const report = (result) => ({
  requestsPerSecond: round(result.requestsPerSecond, 0),
  p50Ms: round(result.p50Ms),
  p99Ms: round(result.p99Ms),
  requests: result.requests,
  errors: result.errors,
  seconds: round(result.seconds),
  responseBytes: round(result.meanBytes, 0),
});
const version = (name) => JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, ROOT), 'utf8')).version;
const results = {
  measuredAt: new Date().toISOString(),
  request: `GET ${PATH} (anonymous)`,
  seeded: { publishedContents: SEED.published, draftContents: SEED.drafts },
  settings: {
    concurrency: settings.concurrency,
    warmupSeconds: settings.warmupMs / 1000,
    measuredSeconds: settings.durationMs / 1000,
    rounds: settings.rounds,
    logLevel: env.LOG_LEVEL,
    nodeEnv: env.NODE_ENV,
  },
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores,
    loadAverage1mAtStart: round(loadBefore),
    loadAverage1mAtEnd: round(loadAfter),
    node: process.version,
    postgres,
    fastify: version('fastify'),
    nest: version('@nestjs/core'),
    typeorm: version('typeorm'),
    pg: version('pg'),
  },
  sql: query,
  baseline: report(baseline),
  ours: report(ours),
  ratio: {
    requestsPerSecond: round(ours.requestsPerSecond / baseline.requestsPerSecond, 3),
    p50: round(ours.p50Ms / baseline.p50Ms, 3),
    p99: round(ours.p99Ms / baseline.p99Ms, 3),
    requestsPerSecondByRound: roundRatios.map((ratio) => round(ratio, 3)),
  },
};

mkdirSync(new URL('results/', import.meta.url), { recursive: true });
writeFileSync(new URL('results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const row = (name, r) =>
  `${name.padEnd(22)}${String(r.requestsPerSecond).padStart(10)}${r.p50Ms.toFixed(2).padStart(10)}${r.p99Ms.toFixed(2).padStart(10)}${String(r.errors).padStart(8)}`;
console.log(
  `\n${results.request}, ${settings.concurrency} connections, ${settings.durationMs / 1000} s per target in ${settings.rounds} rounds`,
);
console.log(`${'target'.padEnd(22)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}`);
console.log(row('baseline (fastify+pg)', results.baseline));
console.log(row('ours (nest api)', results.ours));
console.log(
  `${'ratio ours/baseline'.padEnd(22)}${results.ratio.requestsPerSecond.toFixed(3).padStart(10)}${results.ratio.p50.toFixed(3).padStart(10)}${results.ratio.p99.toFixed(3).padStart(10)}`,
);
console.log(`req/s ratio by round: ${results.ratio.requestsPerSecondByRound.join(', ')}`);
console.log('written to bench/results/latest.json');
console.log(`1-minute load average at start: ${round(loadBefore)} on ${cores} cores${loadBefore > cores ? ': other work was using the CPU, expect noise' : ''}`);
if (baseline.errors + ours.errors > 0) process.exitCode = 1;
