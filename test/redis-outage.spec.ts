import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWithin, QueueName } from '#platform';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import { captureOutput, type CapturedOutput } from './support/captured-output.js';
import { RedisServer } from './support/redis-server.js';
import { eventually, TestApp } from './support/test-app.js';

// Each process reaches its own Redis, which the tests kill (as a crash would) and start again.
// Reconnect attempts every 100 ms: a second of outage is ten failed attempts per connection.
const env = (redis: RedisServer) => ({ REDIS_URL: redis.url, REDIS_RECONNECT_MAX_MS: '100', LOG_LEVEL: 'log' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RECOVERY = /Redis reachable again after \d+\.\d s/;
const UNHANDLED = /Unhandled error event/;

/** Waits until a line matching `pattern` has been printed `times` times. */
const printed = (output: CapturedOutput, pattern: RegExp, times = 1) =>
  eventually(async () => (output.count(pattern) >= times ? true : undefined), 10_000, `${times} × ${pattern}`);

describe('the worker when Redis goes away', () => {
  let redis: RedisServer;
  let app: TestApp;
  let worker: INestApplicationContext;
  let workerClosed = false;
  let output: CapturedOutput;
  let outage: RegExp;

  beforeAll(async () => {
    redis = await RedisServer.start();
    outage = new RegExp(`Redis unreachable at 127\\.0\\.0\\.1:${redis.port} \\(E[A-Z]+\\): queues paused`);
    output = captureOutput();
    app = await TestApp.start({ env: env(redis) });
    worker = await createWorker(app.config);
  });

  afterAll(async () => {
    output.restore();
    if (!redis.running) await redis.start(); // TestApp.close() clears its keys
    if (!workerClosed) await closeWithin(worker, 5000); // the shutdown test failed or did not run
    await app.close();
    await redis.kill();
  });

  it('logs the outage once when it starts and once when it ends, and no error is left unhandled', async () => {
    await redis.kill();
    await printed(output, outage);
    await sleep(1500);
    expect(output.count(outage), output.dump()).toBe(1);
    expect(output.count(UNHANDLED), output.dump()).toBe(0);
    // Retries fail silently: the outage line is the only one that names the error.
    expect(output.lines.filter((line) => /ECONNREFUSED|EPIPE|ECONNRESET/.test(line) && !outage.test(line))).toEqual([]);

    await redis.start();
    await printed(output, RECOVERY);
    await sleep(500);
    expect(output.count(RECOVERY), output.dump()).toBe(1);
    expect(output.count(outage), output.dump()).toBe(1);
  });

  it('works its queue again once Redis is back', async () => {
    const queue = worker.get<Queue>(getQueueToken(QueueName.Recommendation), { strict: false });
    const job = await queue.add('rebuild', { trigger: 'schedule' }, { jobId: 'after-the-outage' });
    const state = await eventually(async () => {
      const now = await job.getState();
      return now === 'completed' || now === 'failed' ? now : undefined;
    });
    expect(state).toBe('completed');
  });

  it('shuts down, by itself and well within 10 s, while Redis is unreachable', async () => {
    await redis.kill();
    await printed(output, outage, 2);
    const outcome = await closeWithin(worker, app.config.shutdownTimeoutMs);
    workerClosed = outcome.closed;
    expect(outcome).toMatchObject({ closed: true, pending: [] });
    expect(outcome.elapsedMs).toBeLessThan(10_000);
    expect(output.count(UNHANDLED), output.dump()).toBe(0);
  });
});

describe('the api when Redis goes away', () => {
  let redis: RedisServer;
  let app: TestApp;
  let output: CapturedOutput;
  let outage: RegExp;

  beforeAll(async () => {
    redis = await RedisServer.start();
    outage = new RegExp(`Redis unreachable at 127\\.0\\.0\\.1:${redis.port} \\(E[A-Z]+\\): readiness answers 503`);
    output = captureOutput();
    app = await TestApp.start({ env: env(redis) });
  });

  afterAll(async () => {
    output.restore();
    if (!redis.running) await redis.start();
    await app.close();
    await redis.kill();
  });

  it('is not ready while Redis is down, is ready again after, and logs the outage once each way', async () => {
    expect((await app.request('GET', '/health/ready')).status).toBe(200);

    await redis.kill();
    await printed(output, outage);
    for (let probe = 0; probe < 3; probe++) {
      const response = await app.request('GET', '/health/ready');
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 503, code: 'HEALTH.NOT_READY', detail: 'Not ready: redis unreachable.' });
      await sleep(300);
    }
    expect(output.count(outage), output.dump()).toBe(1);
    expect(output.count(UNHANDLED), output.dump()).toBe(0);
    expect(output.lines.filter((line) => /ECONNREFUSED|EPIPE|ECONNRESET/.test(line) && !outage.test(line))).toEqual([]);

    await redis.start();
    await eventually(async () => ((await app.request('GET', '/health/ready')).status === 200 ? true : undefined));
    await printed(output, RECOVERY);
    await sleep(500);
    expect(output.count(RECOVERY), output.dump()).toBe(1);
    expect(output.count(outage), output.dump()).toBe(1);
  });
});
