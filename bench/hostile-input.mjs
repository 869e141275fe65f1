// `node bench/hostile-input.mjs [--no-build] [--keys=36000] [--concurrent=4]`
// What a hostile body costs the built api, and what it costs everyone else meanwhile:
//   1. one ~870 KB body of tens of thousands of unknown keys to POST /api/v1/auth/register
//      (status, response size, wall time, server CPU);
//   2. `--concurrent` such requests at once while GET /health/live is polled one after another
//      (the liveness latency every other client would see);
//   3. one JSON body nested 10,000 deep to the payment webhook (status, wall time).
// The api runs in a child process (so its CPU is its own) on its own database, `zhiku_bench_input`,
// which is dropped and recreated (PostgreSQL at 127.0.0.1:5432, Redis at 127.0.0.1:6379).
// Not part of `npm test`: nothing here asserts; the numbers are for comparing before and after.
import { fork, spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const ROOT = new URL('..', import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};

// Fixed on purpose: the database is dropped, so a DATABASE_URL from the caller's shell must not leak in.
const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/zhiku_bench_input',
  REDIS_URL: 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: 'zhiku-bench-input',
  JWT_SECRET: 'bench-only-jwt-secret-0123456789',
  SANDBOX_WEBHOOK_SECRET: 'bench-only-webhook-secret',
  LOG_LEVEL: 'warn',
};
delete env.ADMIN_EMAIL;
delete env.ADMIN_PASSWORD;

if (args.includes('--serve')) await serve();
else await measure();

/** Child process: the built api on a free port; answers `cpu` with its own CPU time so far. */
async function serve() {
  const { loadConfig } = await import('../dist/libs/platform/src/index.js');
  const { createApi } = await import('../dist/apps/api/src/bootstrap.js');
  const app = await createApi(loadConfig(env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpuMs: (user + system) / 1000 });
    } else if (message === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ port: app.getHttpServer().address().port });
}

async function measure() {
  const keys = option('keys', 36_000);
  const concurrent = option('concurrent', 4);
  if (!args.includes('--no-build')) {
    console.log('building (npm run build)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const { recreateDatabase } = await import('./database.mjs');
  await recreateDatabase(env.DATABASE_URL);

  const child = fork(new URL(import.meta.url), ['--serve'], { cwd: ROOT, env, stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const serverCpuMs = () =>
    new Promise((resolve) => {
      child.once('message', ({ cpuMs }) => resolve(cpuMs));
      child.send('cpu');
    });
  const send = (method, path, body) => request(port, method, path, body);

  const unknownKeys = JSON.stringify(
    Object.fromEntries(Array.from({ length: keys }, (_, index) => [`unknown_field_${String(index).padStart(5, '0')}`, 1])),
  );
  let deep = '1';
  for (let level = 0; level < 10_000; level++) deep = `[${deep}]`;
  const deepWebhook = `{"id":"evt_1","type":"payment.failed","data":{"paymentId":"p","amountCents":1,"currency":"CNY","reason":${deep}}}`;

  try {
    // Warm-up: the first requests compile code paths that later ones reuse.
    for (let round = 0; round < 3; round++) {
      await send('GET', '/health/live');
      await send('POST', '/api/v1/auth/register', unknownKeys);
    }
    const idle = await pollLiveness(send, () => false, 50);

    const cpuBefore = await serverCpuMs();
    const single = await send('POST', '/api/v1/auth/register', unknownKeys);
    const singleCpuMs = (await serverCpuMs()) - cpuBefore;

    const batchCpuBefore = await serverCpuMs();
    const batchStart = performance.now();
    let running = concurrent;
    const batch = Array.from({ length: concurrent }, () =>
      send('POST', '/api/v1/auth/register', unknownKeys).finally(() => {
        running -= 1;
      }),
    );
    const underLoad = await pollLiveness(send, () => running > 0);
    const batchResults = await Promise.all(batch);
    const batchMs = performance.now() - batchStart;
    const batchCpuMs = (await serverCpuMs()) - batchCpuBefore;

    const deepResult = await send('POST', '/api/v1/payments/webhooks/sandbox', deepWebhook);

    const round = (value) => Math.round(value * 10) / 10;
    console.log(
      JSON.stringify(
        {
          machine: { cores: os.availableParallelism(), loadAverage1m: round(os.loadavg()[0]), node: process.version },
          unknownKeysBody: { keys, requestBytes: Buffer.byteLength(unknownKeys) },
          single: {
            status: single.status,
            code: single.code,
            responseBytes: single.bytes,
            wallMs: round(single.ms),
            serverCpuMs: round(singleCpuMs),
          },
          concurrent: {
            requests: concurrent,
            statuses: batchResults.map((result) => result.status),
            wallMs: round(batchMs),
            serverCpuMs: round(batchCpuMs),
          },
          healthLive: {
            idle: summarize(idle),
            whileConcurrentRun: summarize(underLoad),
          },
          deepWebhook: {
            depth: 10_000,
            status: deepResult.status,
            code: deepResult.code,
            wallMs: round(deepResult.ms),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** GET /health/live one after another while `more()` holds (at least `minimum` times). */
async function pollLiveness(send, more, minimum = 1) {
  const latencies = [];
  while (latencies.length < minimum || more()) latencies.push((await send('GET', '/health/live')).ms);
  return latencies;
}

function summarize(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (value) => Math.round(value * 10) / 10;
  return { samples: sorted.length, p50Ms: round(at(50)), maxMs: round(sorted[sorted.length - 1]) };
}

/** One request on a fresh connection; the answer's size, status, problem code and wall time. */
function request(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const outgoing = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks);
        let code;
        try {
          code = JSON.parse(text.toString('utf8')).code;
        } catch {
          code = undefined;
        }
        resolve({ status: response.statusCode, code, bytes: text.length, ms: performance.now() - start });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
