import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, EventStore, noMetadata } from '#platform';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import {
  AtLeastOnceRecorder,
  idleSubscribersModule,
  PickyRecorder,
  PickySubscribersModule,
  TestEventTypesModule,
} from './support/recording-subscribers.js';
import { eventually, TestApp } from './support/test-app.js';

const FAST_RETRIES = { SUBSCRIPTION_MAX_ATTEMPTS: '3', SUBSCRIPTION_RETRY_DELAY_MS: '20' };

describe('checkpointed subscriptions', () => {
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    app = await TestApp.start({
      worker: true,
      env: FAST_RETRIES,
      extraImports: [{ module: TestEventTypesModule }],
      workerImports: [{ module: PickySubscribersModule }],
    });
    admin = await app.adminToken();
  });
  afterAll(async () => {
    await app.close();
  });

  const thing = (data: Record<string, unknown>): DomainEvent => ({ type: 'test.thing-happened', data });
  const append = async (streamId: string, data: Record<string, unknown> = {}) => {
    const [event] = await app.api.get(EventStore).append({ streamId, streamType: 'thing', expectedVersion: 'any', events: [thing(data)], metadata: noMetadata() });
    return event!.globalPosition;
  };
  /** Every stored event audited exactly once, and handed once to the transactional recorder. */
  const exactlyOnceEverywhere = async () => {
    const [row] = await app.sql(
      `SELECT (SELECT count(*)::int FROM events) AS events,
              (SELECT count(*)::int FROM audit_log) AS audited,
              (SELECT count(DISTINCT global_position)::int FROM audit_log) AS audited_distinct,
              (SELECT count(*)::int FROM test_deliveries) AS recorded,
              (SELECT count(DISTINCT global_position)::int FROM test_deliveries) AS recorded_distinct,
              (SELECT count(*)::int FROM events e WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.global_position = e.global_position)) AS unaudited`,
    );
    return row.audited === row.events && row.recorded === row.events && row.unaudited === 0 ? row : undefined;
  };
  const statuses = async () => {
    const response = await app.request('GET', '/api/v1/admin/subscriptions', { token: admin });
    expect(response.status).toBe(200);
    return Object.fromEntries((response.body.items as { name: string }[]).map((item) => [item.name, item])) as Record<string, any>;
  };

  it('runs each subscriber once across two workers, and a standby takes over when the leader stops', async () => {
    const second = await createWorker(app.config, { extraImports: [{ module: PickySubscribersModule }] });
    let leaderStopped = false;
    try {
      for (const name of ['w1', 'w2', 'w3']) await app.user(name);
      const first = await eventually(exactlyOnceEverywhere, 15_000, 'subscriptions to catch up with two workers');
      expect(first.audited_distinct).toBe(first.audited);

      // Stop the first worker: where it led, the standby must take over.
      await app.worker!.close();
      leaderStopped = true;
      for (const name of ['w4', 'w5']) await app.user(name);
      const after = await eventually(exactlyOnceEverywhere, 15_000, 'subscriptions to catch up after failover');
      expect(after.audited).toBeGreaterThan(first.audited);
      expect(after.audited_distinct).toBe(after.audited);
      expect(after.recorded_distinct).toBe(after.recorded);
      expect((await app.request('GET', '/api/v1/admin/audit/verify', { token: admin })).body.valid).toBe(true);
    } finally {
      // Keep a worker running for the next tests.
      if (leaderStopped) (app as { worker: INestApplicationContext | null }).worker = second;
      else await second.close();
    }
  });

  it('resumes after its connections are killed, with nothing lost or repeated', async () => {
    const before = await eventually(exactlyOnceEverywhere, 15_000, 'a quiet start');
    const killed = await app.sql(
      `SELECT pid, pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND application_name IN ('zhiku', 'zhiku-subscriptions') AND pid <> pg_backend_pid()`,
    );
    expect(killed.length).toBeGreaterThanOrEqual(2); // the lock connection and pooled ones at least
    // pg_terminate_backend only signals: wait until they are gone, so the api's pool has seen it too.
    await eventually(async () => {
      const [row] = await app.sql(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid = ANY($1::int[])`,
        [killed.map((row) => row.pid)],
      );
      return row.n === 0;
    }, 5000, 'the killed backends to exit');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The api's pool lost its connections too: the next requests get new ones.
    for (const name of ['k1', 'k2', 'k3']) await app.user(name);
    await append('after-kill', { n: 1 });
    const after = await eventually(exactlyOnceEverywhere, 20_000, 'subscriptions to resume after the kill');
    expect(after.events).toBeGreaterThan(before.events);
    expect(after.audited_distinct).toBe(after.audited);
    expect(after.recorded_distinct).toBe(after.recorded);
    const atLeastOnce = app.worker!.get(AtLeastOnceRecorder).delivered;
    expect(new Set(atLeastOnce).size).toBe(atLeastOnce.length);
    expect((await app.request('GET', '/api/v1/admin/audit/verify', { token: admin })).body.valid).toBe(true);
  });

  it('parks an event that keeps failing, goes on with the next ones, and delivers it when staff retry', async () => {
    const picky = app.worker!.get(PickyRecorder);
    const poisoned = await append('poison-1', { poison: true });
    const next = await append('poison-next', { n: 2 });
    await eventually(async () => picky.delivered.includes(next), 15_000, 'the event after the poisoned one');
    expect(picky.delivered).not.toContain(poisoned);

    const status = (await statuses())['test-picky-recorder'];
    expect(status).toMatchObject({ running: true, parkedEvents: 1 });
    const parked = await app.request('GET', '/api/v1/admin/subscriptions/test-picky-recorder/parked', { token: admin });
    expect(parked.status).toBe(200);
    expect(parked.body.items).toEqual([
      expect.objectContaining({
        subscription: 'test-picky-recorder',
        globalPosition: poisoned,
        eventType: 'test.thing-happened',
        attempts: 3,
        lastError: `cannot digest event ${poisoned}`,
        status: 'parked',
      }),
    ]);
    // Other subscriptions were not held up by it.
    expect((await statuses()).audit.parkedEvents).toBe(0);

    // Still refusing: the retry fails and it stays parked, one attempt more.
    const retried = await app.request('POST', `/api/v1/admin/subscriptions/test-picky-recorder/parked/${poisoned}/retry`, { token: admin });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('retry_requested');
    await eventually(async () => {
      const [row] = await app.sql(`SELECT status, attempts FROM subscription_parked_events WHERE global_position = $1`, [poisoned]);
      return row.status === 'parked' && row.attempts === 4;
    }, 15_000, 'the failed retry');

    picky.refusing = false;
    await app.request('POST', `/api/v1/admin/subscriptions/test-picky-recorder/parked/${poisoned}/retry`, { token: admin });
    await eventually(async () => picky.delivered.includes(poisoned), 15_000, 'the retried event');
    // The recorder sees the event inside the delivery; the parked row is resolved when that commits, a moment later.
    await eventually(async () => {
      const [row] = await app.sql(`SELECT status FROM subscription_parked_events WHERE global_position = $1`, [poisoned]);
      return row.status === 'resolved';
    }, 15_000, 'the parked event to be resolved');
    expect((await statuses())['test-picky-recorder'].parkedEvents).toBe(0);
    expect((await app.request('GET', '/api/v1/admin/subscriptions/test-picky-recorder/parked', { token: admin })).body.items).toEqual([]);

    const nothing = await app.request('POST', `/api/v1/admin/subscriptions/test-picky-recorder/parked/${next}/retry`, { token: admin });
    expect(nothing.status).toBe(404);
    expect(nothing.body.code).toBe('SUBSCRIPTION.NOTHING_PARKED');
    for (const position of ['0', '-1', '1e3', '9'.repeat(20), 'x']) {
      const bad = await app.request('POST', `/api/v1/admin/subscriptions/test-picky-recorder/parked/${position}/retry`, { token: admin });
      expect({ position, status: bad.status, errors: bad.body.errors }).toEqual({
        position,
        status: 400,
        errors: [{ field: 'position', messages: ['position must be a positive integer'] }],
      });
    }
  });

  it('parks an event no process can read for every subscriber, and the rest go on', async () => {
    await app.sql(`INSERT INTO events (stream_id, stream_type, version, type, data) VALUES ('alien-1', 'alien', 1, 'alien.arrived', '{}')`);
    const after = await append('after-alien');
    const everyone = ['audit', 'outbox-relay', 'test-picky-recorder', 'test-transactional-recorder'];
    const parked = await eventually(async () => {
      const rows = await app.sql(`SELECT subscription, last_error FROM subscription_parked_events WHERE event_type = 'alien.arrived'`);
      return everyone.every((name) => rows.some((row) => row.subscription === name)) ? rows : undefined;
    }, 15_000, 'every subscriber to park the alien');
    expect(parked.every((row) => /alien.arrived is not declared/.test(row.last_error))).toBe(true);
    // ...and went on past it.
    await eventually(async () => (await app.sql(`SELECT 1 FROM audit_log WHERE global_position = $1`, [after]))[0], 15_000, 'audit past the alien');
    await eventually(async () => (await app.sql(`SELECT 1 FROM test_deliveries WHERE global_position = $1`, [after]))[0], 15_000, 'recorder past the alien');
  });

  it('shows each subscription\'s lag in events and seconds, to admins only', async () => {
    await app.worker!.close();
    (app as { worker: INestApplicationContext | null }).worker = null;
    for (let i = 0; i < 3; i++) await append('while-stopped', { i });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const stopped = (await statuses()).audit;
    expect(stopped.running).toBe(false);
    expect(stopped.eventsBehind).toBeGreaterThanOrEqual(3);
    expect(stopped.secondsBehind).toBeGreaterThanOrEqual(1);

    const worker = await createWorker(app.config, { extraImports: [{ module: PickySubscribersModule }] });
    (app as { worker: INestApplicationContext | null }).worker = worker;
    const caughtUp = await eventually(async () => {
      const audit = (await statuses()).audit;
      return audit.eventsBehind === 0 ? audit : undefined;
    }, 15_000, 'audit to catch up');
    expect(caughtUp).toMatchObject({ running: true, eventsBehind: 0, secondsBehind: 0 });

    const learner = await app.user('nosy');
    expect((await app.request('GET', '/api/v1/admin/subscriptions', { token: learner.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/admin/subscriptions/audit/parked', { token: learner.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/admin/subscriptions')).status).toBe(401);
  });
});

describe('many subscriptions in one worker', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('share one lock connection and do not starve the worker\'s own queries, leader or standby', async () => {
    const idle = idleSubscribersModule(12);
    const leader = await createWorker(app.config, { extraImports: [{ module: idle.module }] });
    const standby = await createWorker(app.config, { extraImports: [{ module: idle.module }] });
    try {
      await eventually(async () => {
        const [row] = await app.sql(`SELECT count(*)::int AS n FROM projection_checkpoints WHERE name LIKE 'test-idle-%'`);
        return row.n === 12;
      }, 15_000, 'every idle subscription to start');
      for (const worker of [leader, standby]) {
        const dataSource = worker.get(DataSource);
        const answers = await Promise.all(Array.from({ length: 30 }, () => dataSource.query(`SELECT 1 AS one`)));
        expect(answers).toHaveLength(30);
      }
      const [{ lock_connections: lockConnections }] = await app.sql(
        `SELECT count(*)::int AS lock_connections FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'zhiku-subscriptions'`,
      );
      expect(lockConnections).toBe(2); // one per worker, whatever the number of subscriptions
    } finally {
      await standby.close();
      await leader.close();
    }
  });
});

describe('a transaction left open', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is ended by PostgreSQL after the configured idle time, so it cannot hold back every subscription', async () => {
    const runner = app.api.get(DataSource).createQueryRunner();
    try {
      await runner.startTransaction();
      const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid, pg_current_xact_id()`);
      const open = async () => (await app.sql(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'idle in transaction'`, [pid])).length;
      expect(await open()).toBe(1);
      await eventually(async () => (await app.sql(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid])).length === 0, 5000, 'the session to end');
      await expect(runner.query(`SELECT 1`)).rejects.toThrow();
    } finally {
      await runner.release().catch(() => undefined);
    }
    // The pool replaces the ended connection: the app carries on.
    expect((await app.request('GET', '/health/ready')).status).toBe(200);
  });
});
