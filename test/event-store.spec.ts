import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, type DomainEvent, EventStore, EventTypeRegistry, noMetadata } from '#platform';
import { eventually, TestApp } from './support/test-app.js';

describe('event store on PostgreSQL', () => {
  let app: TestApp;
  let store: EventStore;
  beforeAll(async () => {
    app = await TestApp.start();
    store = app.api.get(EventStore);
    app.api.get(EventTypeRegistry).register({
      'test.thing-happened': { schemaVersion: 1 },
      'test.thing-renamed': { schemaVersion: 2, upcasters: { 1: (data) => ({ name: data.title, renamedBy: 'legacy' }) } },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const thing = (n: number): DomainEvent => ({ type: 'test.thing-happened', data: { n } });
  const append = (streamId: string, expectedVersion: number | 'any', events: DomainEvent[] = [thing(1)]) =>
    store.append({ streamId, streamType: 'thing', expectedVersion, events, metadata: noMetadata() });

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
    const start = (await app.sql(`SELECT coalesce(max(global_position), 0)::int AS p FROM events`))[0].p as number;
    const slow = new pg.Client({ connectionString: app.config.databaseUrl });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const [{ global_position: latePosition }] = (
        await slow.query(
          `INSERT INTO events (stream_id, stream_type, version, type, data) VALUES ('thing-late', 'thing', 1, 'test.thing-happened', '{"n":1}') RETURNING global_position`,
        )
      ).rows;
      const fast = await append('thing-fast', 0);
      expect(fast[0]!.globalPosition).toBeGreaterThan(Number(latePosition));

      // While the slow transaction is open, the reader must not pass its position.
      const whileOpen = await store.readAll(start, 100);
      expect(whileOpen.map((e) => e.streamId)).not.toContain('thing-fast');
      const checkpoint = whileOpen.length ? whileOpen[whileOpen.length - 1]!.globalPosition : start;

      await slow.query('COMMIT');
      // Visibility waits for the oldest transaction on the whole server (xids are cluster-wide),
      // so a parallel test file's transaction can hold it back for a moment.
      const afterCommit = await eventually(async () => {
        const events = await store.readAll(checkpoint, 100);
        return events.length > 0 ? events : undefined;
      }, 10_000, 'the late event to become readable');
      expect(afterCommit.map((e) => e.streamId)).toEqual(['thing-late', 'thing-fast']);
    } finally {
      await slow.end();
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

  it('refuses undeclared event types and any rewrite of history', async () => {
    await expect(append('thing-typo', 0, [{ type: 'test.thing-hapened', data: {} }])).rejects.toThrow(/not declared/);
    await expect(app.sql(`UPDATE events SET data = '{}' WHERE stream_id = 'thing-versions'`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`DELETE FROM events WHERE stream_id = 'thing-versions'`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`TRUNCATE events`)).rejects.toThrow(/events is append-only \(TRUNCATE refused\)/);
  });
});
