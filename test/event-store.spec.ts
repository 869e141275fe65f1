import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { DomainError, type DomainEvent, EventStore, noMetadata, START_OF_EVENTS, positionOf } from '#platform';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import {
  AtLeastOnceRecorder,
  RecordingSubscribersModule,
  TestEventTypesModule,
} from './support/recording-subscribers.js';
import { eventually, TestApp } from './support/test-app.js';

describe('event store on PostgreSQL', () => {
  let app: TestApp;
  let store: EventStore;
  let worker: INestApplicationContext;
  beforeAll(async () => {
    app = await TestApp.start({ extraImports: [{ module: TestEventTypesModule }] });
    store = app.api.get(EventStore);
    worker = await createWorker(app.config, { extraImports: [{ module: RecordingSubscribersModule }] });
  });
  afterAll(async () => {
    await worker?.close();
    await app.close();
  });

  const thing = (n: number): DomainEvent => ({ type: 'test.thing-happened', data: { n } });
  const append = (streamId: string, expectedVersion: number | 'any', events: DomainEvent[] = [thing(1)]) =>
    store.append({ streamId, streamType: 'thing', expectedVersion, events, metadata: noMetadata() });
  const connect = async () => {
    const client = new pg.Client({ connectionString: app.config.databaseUrl });
    await client.connect();
    return client;
  };
  const insertEvent = async (client: pg.Client, streamId: string): Promise<number> => {
    const { rows } = await client.query(
      `INSERT INTO events (stream_id, stream_type, version, type, data)
       VALUES ($1, 'thing', 1, 'test.thing-happened', '{"n":1}') RETURNING global_position`,
      [streamId],
    );
    return Number(rows[0].global_position);
  };
  /** What each recording subscriber has been handed, by position. */
  const deliveries = async () => {
    const transactional = await app.sql<{ global_position: string }>(
      `SELECT global_position FROM test_deliveries WHERE subscriber = 'test-transactional-recorder'`,
    );
    return {
      transactional: transactional.map((row) => Number(row.global_position)),
      atLeastOnce: [...worker.get(AtLeastOnceRecorder).delivered],
      audit: (await app.sql<{ global_position: string }>(`SELECT global_position FROM audit_log`)).map((row) =>
        Number(row.global_position),
      ),
    };
  };
  const storedPositions = async () =>
    (await app.sql<{ global_position: string }>(`SELECT global_position FROM events`)).map((row) => Number(row.global_position)).sort((a, b) => a - b);
  /** Waits until every subscriber has been handed exactly the stored events, each once. */
  const everySubscriberCaughtUp = async (timeoutMs = 20_000) =>
    eventually(
      async () => {
        const stored = await storedPositions();
        const seen = await deliveries();
        return Object.values(seen).every((positions) => positions.length >= stored.length) ? { stored, seen } : undefined;
      },
      timeoutMs,
      'every subscriber to catch up',
    );
  const sorted = (positions: number[]) => [...positions].sort((a, b) => a - b);

  it('lets exactly one of 32 concurrent writers at the same expected version win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 32 }, (_, i) => append('thing-race', 0, [thing(i)])));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(31);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(DomainError);
      expect((reason as DomainError).code).toBe('EVENT_STORE.VERSION_CONFLICT');
    }
    const stream = await store.readStream('thing-race');
    expect(stream.map((e) => e.version)).toEqual([1]);
  });

  it('refuses a stale or a future expected version, and appends a batch with consecutive versions', async () => {
    await append('thing-versions', 0, [thing(1), thing(2)]);
    await expect(append('thing-versions', 1)).rejects.toMatchObject({ code: 'EVENT_STORE.VERSION_CONFLICT' });
    await expect(append('thing-versions', 5)).rejects.toMatchObject({ code: 'EVENT_STORE.VERSION_CONFLICT' });
    await append('thing-versions', 2, [thing(3)]);
    await append('thing-versions', 'any', [thing(4)]);
    const stream = await store.readStream('thing-versions');
    expect(stream.map((e) => [e.version, (e.data as { n: number }).n])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
  });

  it('never lets a reader skip an event whose transaction commits late', async () => {
    const slow = await connect();
    try {
      await slow.query('BEGIN');
      const latePosition = await insertEvent(slow, 'thing-late');
      const fast = await append('thing-fast', 0);
      expect(fast[0]!.globalPosition).toBeGreaterThan(latePosition);

      // While the slow transaction is open, the reader must not pass it.
      const whileOpen = await store.readAll(START_OF_EVENTS, 1000);
      expect(whileOpen.map((e) => e.streamId)).not.toContain('thing-fast');
      const checkpoint = whileOpen.length ? positionOf(whileOpen[whileOpen.length - 1]!) : START_OF_EVENTS;

      await slow.query('COMMIT');
      // Visibility waits for the oldest transaction on the whole server (xids are cluster-wide),
      // so a parallel test file's transaction can hold it back for a moment.
      const afterCommit = await eventually(async () => {
        const events = await store.readAll(checkpoint, 1000);
        return events.some((e) => e.streamId === 'thing-fast') ? events : undefined;
      }, 10_000, 'the late event to become readable');
      // (Events of earlier tests may come too, when another file's transaction held them back.)
      expect(afterCommit.map((e) => e.streamId).filter((id) => id === 'thing-late' || id === 'thing-fast')).toEqual([
        'thing-late',
        'thing-fast',
      ]);
    } finally {
      await slow.end();
    }
  });

  it('delivers an event whose transaction took its id early and committed after a later one was read (the webhook pattern)', async () => {
    const early = await connect(); // T1: writes a dedup row first, so its xid is the older one
    const late = await connect(); // T2: appends in between and stays open
    try {
      await early.query('BEGIN');
      await early.query(`INSERT INTO side_writes (note) VALUES ('webhook dedup row')`);
      await late.query('BEGIN');
      const latePosition = await insertEvent(late, 'webhook-t2');
      const earlyPosition = await insertEvent(early, 'webhook-t1');
      expect(earlyPosition).toBeGreaterThan(latePosition);
      await early.query('COMMIT');

      // Every subscriber reads T1's event (and checkpoints after it) while T2 is still open...
      await eventually(async () => Object.values(await deliveries()).every((seen) => seen.includes(earlyPosition)), 15_000, 'T1 delivered');
      expect(Object.values(await deliveries()).some((seen) => seen.includes(latePosition))).toBe(false);

      // ...and still gets T2's lower position once it commits.
      await late.query('COMMIT');
      await eventually(async () => Object.values(await deliveries()).every((seen) => seen.includes(latePosition)), 15_000, 'T2 delivered');
    } finally {
      await early.end();
      await late.end();
    }
  });

  it('hands every subscriber every event exactly once while 20 writers each write something else, wait, then append', async () => {
    const dataSource = app.api.get(DataSource);
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        dataSource.transaction(async (tx) => {
          await tx.query(`INSERT INTO side_writes (note) VALUES ($1)`, [`writer ${writer}`]);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
          const [event] = await store.append(
            { streamId: `writer-${writer}`, streamType: 'thing', expectedVersion: 0, events: [thing(writer)], metadata: noMetadata() },
            tx,
          );
          return event!.globalPosition;
        }),
      ),
    );
    const { stored, seen } = await everySubscriberCaughtUp();
    expect(stored).toEqual(expect.arrayContaining(appended));
    for (const [subscriber, positions] of Object.entries(seen)) {
      expect({ subscriber, positions: sorted(positions) }).toEqual({ subscriber, positions: stored });
    }
  });

  it('upcasts old schema versions on read and stamps the current one on append', async () => {
    await app.sql(
      `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data) VALUES ('thing-old', 'thing', 1, 'test.thing-renamed', 1, '{"title":"old name"}')`,
    );
    const [old] = await store.readStream('thing-old');
    expect(old!.data).toEqual({ name: 'old name', renamedBy: 'legacy' });
    const [fresh] = await append('thing-new', 0, [{ type: 'test.thing-renamed', data: { name: 'new', renamedBy: 'me' } }]);
    expect(fresh!.schemaVersion).toBe(2);
  });

  it('refuses undeclared event types on append and on read, and any rewrite of history', async () => {
    await expect(append('thing-typo', 0, [{ type: 'test.thing-hapened', data: {} }])).rejects.toThrow(/not declared/);
    await app.sql(`INSERT INTO events (stream_id, stream_type, version, type, data) VALUES ('alien-1', 'alien', 1, 'alien.arrived', '{}')`);
    await expect(store.readStream('alien-1')).rejects.toThrow(/alien.arrived is not declared/);
    await expect(app.sql(`UPDATE events SET data = '{}' WHERE stream_id = 'thing-versions'`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`DELETE FROM events WHERE stream_id = 'thing-versions'`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`TRUNCATE events`)).rejects.toThrow(/events is append-only \(TRUNCATE refused\)/);
  });
});
