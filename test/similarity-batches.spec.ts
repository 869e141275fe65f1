import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetMyRecommendations, type Recommendation } from '#recommendation';
import {
  SIMILARITY_BATCH_APPLICATION_NAME,
  type SimilarityBatch,
  SimilarityBatches,
  type SimilarityBatchSettings,
} from '../libs/recommendation/src/projections/similarity-batches.js';
import { eventually, TestApp } from './support/test-app.js';
import { seeded } from './support/seeded.js';

/** Tiny chunks, so that a few hundred purchases take dozens of transactions. */
const TINY: SimilarityBatchSettings = { contentIdsPerChunk: 3, itemsPerPopularityChunk: 4, learnersPerChunk: 3, rowsPerDiscardChunk: 25, lockRetryMs: 10, easeMaxWork: 5e10 };
const NEIGHBOURS_PER_ITEM = 20;

/** What SimilarityBatches.rebuild inserted in one statement, in one transaction, before it was chunked. */
const SINGLE_STATEMENT_NEIGHBOURS = `
  WITH buyers AS (
    SELECT content_id, count(*) AS n FROM rec_purchases GROUP BY content_id
  ), co AS (
    SELECT a.content_id, b.content_id AS neighbour_id, count(*) AS co_purchases
      FROM rec_purchases a
      JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id <> a.content_id
     GROUP BY a.content_id, b.content_id
  ), ranked AS (
    SELECT co.content_id, co.neighbour_id, co.co_purchases,
           co.co_purchases / sqrt(ba.n::float8 * bb.n::float8) AS score
      FROM co
      JOIN buyers ba ON ba.content_id = co.content_id
      JOIN buyers bb ON bb.content_id = co.neighbour_id
  ), kept AS (
    SELECT *, row_number() OVER (
             PARTITION BY content_id ORDER BY score DESC, co_purchases DESC, neighbour_id) AS rank
      FROM ranked
  )
  SELECT content_id, neighbour_id, score, co_purchases::int FROM kept WHERE rank <= ${NEIGHBOURS_PER_ITEM} -- integer, as its column
   ORDER BY content_id, neighbour_id`;

/** What its popularity update set every item's purchase_count to. */
const SINGLE_STATEMENT_POPULARITY = `
  SELECT item.content_id, count(p.user_id)::int AS purchase_count
    FROM rec_items item LEFT JOIN rec_purchases p ON p.content_id = item.content_id
   GROUP BY item.content_id
   ORDER BY item.content_id`;

/** Advisory locks taken in this test file's database (other files' workers hold their own elsewhere). */
const ADVISORY_LOCKS_HERE = `locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

describe('similarity batches: short transactions, one complete batch for readers', () => {
  let app: TestApp;
  let dataSource: DataSource;
  let queries: QueryBus;
  const creator = randomUUID();
  /** In uuid order, the order the batch walks content ids in: a crash point is an index here. */
  const items = Array.from({ length: 48 }, () => randomUUID()).sort();
  const learners = Array.from({ length: 80 }, () => randomUUID());
  /** Bought only the item at index 30; a pair bought together later must reach the top of this learner's list. */
  const probe = randomUUID();

  const batch = (id: string): SimilarityBatch => ({ id, trigger: 'manual', requestedBy: null });
  const batches = (settings = TINY) => new SimilarityBatches(dataSource, settings);
  const recommendationsFor = (learnerId: string) =>
    queries.execute(new GetMyRecommendations(learnerId, 50)).then((result) => result.items) as Promise<Recommendation[]>;
  const readers = () => Promise.all([probe, ...learners.slice(0, 10)].map(recommendationsFor));

  async function buy(userId: string, contentIds: string[]): Promise<void> {
    await app.sql(
      `INSERT INTO rec_purchases (user_id, content_id, purchased_at)
       SELECT $1, content_id, now() FROM unnest($2::uuid[]) AS content_id ON CONFLICT DO NOTHING`,
      [userId, contentIds],
    );
  }

  /**
   * 48 items, 45 of them published (the last three were bought before their approval reached us)
   * plus two nobody bought, and about 500 purchases skewed towards the first items, so popular
   * items have more candidate neighbours than are kept.
   */
  async function seedPurchases(): Promise<void> {
    const published = items.slice(0, 45);
    await app.sql(
      `INSERT INTO rec_items (content_id, title, kind, creator_id, published_at, source_position)
       SELECT content_id, 'Item ' || position, 'course', $2, now() - position * interval '1 minute', position
         FROM unnest($1::uuid[]) WITH ORDINALITY AS published(content_id, position)`,
      [[...published, randomUUID(), randomUUID()], creator],
    );
    const random = seeded(20_261_127);
    for (const learner of learners) {
      const basket = new Set<string>();
      const size = 2 + Math.floor(random() * 9);
      while (basket.size < size) basket.add(items[Math.floor(items.length * random() ** 2)]!);
      await buy(learner, [...basket]);
    }
    await buy(probe, [items[30]!]);
  }

  /** Learners who now buy items 30 and 31 together: the neighbours and the popularity change. */
  async function changePurchases(): Promise<void> {
    for (let i = 0; i < 25; i++) await buy(randomUUID(), [items[30]!, items[31]!]);
  }

  const neighboursOf = (batchId: string) =>
    app.sql(
      `SELECT content_id, neighbour_id, score, co_purchases FROM rec_neighbours WHERE batch_id = $1 ORDER BY content_id, neighbour_id`,
      [batchId],
    );
  const batchIdsWithRows = async () =>
    (
      await app.sql(
        `SELECT batch_id FROM rec_neighbours UNION SELECT batch_id FROM rec_model_neighbours
         UNION SELECT batch_id FROM rec_content_neighbours ORDER BY batch_id`,
      )
    ).map((row) => row.batch_id as string);
  const currentBatch = async () => (await app.sql(`SELECT batch_id FROM rec_current_batch`))[0]?.batch_id as string | undefined;
  const inProgress = async () =>
    (await app.sql(`SELECT batch_id, phase, processed, pairs, started_at FROM rec_batch_in_progress`))[0] as
      | { batch_id: string; phase: string; processed: number; pairs: number; started_at: Date }
      | undefined;

  /** A progress callback that stops the batch (as a crash would) once it has the neighbours of `contentId`. */
  const crashOnceNeighboursOf = (contentId: string) => async () => {
    const [reached] = await app.sql(
      `SELECT 1 FROM rec_batch_in_progress WHERE phase = 'neighbours' AND after_content_id >= $1::uuid`,
      [contentId],
    );
    if (reached) throw new Error('worker lost');
  };

  beforeAll(async () => {
    app = await TestApp.start();
    dataSource = app.api.get(DataSource);
    queries = app.api.get(QueryBus);
  });
  beforeEach(async () => {
    await app.sql(`TRUNCATE rec_current_batch, rec_batch_in_progress, rec_neighbours, rec_model_neighbours, rec_content_neighbours, rec_batches, rec_purchases, rec_items`);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('computes, in dozens of small transactions, exactly what the single statement computed', async () => {
    await seedPurchases();
    const [{ purchased }] = await app.sql(`SELECT count(DISTINCT content_id)::int AS purchased, count(*)::int AS n FROM rec_purchases`);
    const [{ candidates }] = await app.sql(
      `SELECT max(n)::int AS candidates FROM (
         SELECT count(DISTINCT b.content_id) AS n FROM rec_purchases a
           JOIN rec_purchases b ON b.user_id = a.user_id AND b.content_id <> a.content_id GROUP BY a.content_id) per_item`,
    );
    expect(candidates).toBeGreaterThan(NEIGHBOURS_PER_ITEM); // the cut to the best 20 matters
    const reported: number[] = [];

    const outcome = await batches().rebuild(batch('first'), async (percent) => void reported.push(percent));

    const expected = await app.sql(SINGLE_STATEMENT_NEIGHBOURS);
    expect(await neighboursOf('first')).toEqual(expected);
    expect(outcome).toEqual({
      batchId: 'first',
      ran: true,
      items: new Set(expected.map((row) => row.content_id)).size,
      pairs: expected.length,
    });
    expect(await app.sql(`SELECT items, pairs FROM rec_batches WHERE id = 'first'`)).toEqual([{ items: outcome.items, pairs: outcome.pairs }]);
    expect(await app.sql(`SELECT content_id, purchase_count FROM rec_items ORDER BY content_id`)).toEqual(
      await app.sql(SINGLE_STATEMENT_POPULARITY),
    );
    expect(await currentBatch()).toBe('first');
    expect(await inProgress()).toBeUndefined();

    // A report after every chunk: neighbours for 3 content ids, popularity for 4 items at a time.
    expect(reported.length).toBeGreaterThanOrEqual(Math.ceil(purchased / 3) + Math.ceil(47 / 4));
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
    expect(new Set(reported).size).toBeGreaterThan(15);
    expect(Math.max(...reported)).toBeLessThan(100); // the processor reports 100 when the job returns
  });

  it('shows admins, while it runs, the percent its job reports, the step, and which model the data allowed', async () => {
    await seedPurchases();
    const admin = await app.adminToken();
    type Running = { progress: number; step: string | null; phase: string; modelChoice: { kind: string; reason: string } | null };
    const seen: (Running & { reported: number })[] = [];

    await batches().rebuild(batch('watched'), async (percent) => {
      const runs = await app.request('GET', '/api/v1/admin/recommendations/runs', { token: admin });
      expect(runs.status).toBe(200);
      const running = runs.body.inProgress as Running | null;
      if (running) seen.push({ reported: percent, progress: running.progress, step: running.step, phase: running.phase, modelChoice: running.modelChoice });
    });

    // The run record holds the figure the job reports, step by step, never going back.
    expect(seen.length).toBeGreaterThan(10);
    for (const observed of seen) expect(observed.progress).toBe(observed.reported);
    expect(seen.map((observed) => observed.progress)).toEqual(seen.map((observed) => observed.progress).sort((a, b) => a - b));
    const steps = seen.map((observed) => observed.step ?? '');
    for (const step of [/^writing co-purchase neighbours: \d+ of \d+ items$/, /^training: /, /^writing model neighbourhoods: \d+ of 47 items$/, /^popularity: \d+ of 47 items$/]) {
      expect(steps.some((text) => step.test(text))).toBe(true);
    }
    // The choice shows once training has made it: before, none; from the written neighbourhoods on, EASE and why.
    expect(seen.find((observed) => observed.step?.startsWith('training'))!.modelChoice).toBeNull();
    const writing = seen.filter((observed) => observed.step?.startsWith('writing model neighbourhoods'));
    for (const observed of writing) expect(observed.modelChoice).toEqual({ kind: 'ease', reason: expect.stringMatching(/^EASE fits: ~\S+ multiply-adds and a \d+×\d+ inverse/) });

    const finished = await app.request('GET', '/api/v1/admin/recommendations/runs?limit=1', { token: admin });
    expect(finished.body.inProgress).toBeNull();
    expect(finished.body.runs[0]).toMatchObject({ id: 'watched', current: true, model: expect.stringMatching(/^hybrid\(\d\.\d\d·ease/), modelChoice: writing[0]!.modelChoice });
  });

  it('serves the sparse models when EASE would cost more than allowed, and says so in the run record', async () => {
    await seedPurchases();
    await batches({ ...TINY, easeMaxWork: 1000 }).rebuild(batch('sparse'), async () => undefined);

    const runs = await app.request('GET', '/api/v1/admin/recommendations/runs?limit=1', { token: await app.adminToken() });
    const [run] = runs.body.runs;
    expect(run.model).toMatch(/^hybrid\(\d\.\d\d·rp3beta\(k=100,alpha=1,beta=0\.5\) \+ \d\.\d\d·content/);
    expect(run.modelChoice).toEqual({ kind: 'sparse', reason: expect.stringContaining('EASE on 81 users × 47 items would need') });
    // The rest of the batch is the same: co-purchase neighbours as the single statement computed them, and readers are served.
    expect(await neighboursOf('sparse')).toEqual(await app.sql(SINGLE_STATEMENT_NEIGHBOURS));
    expect(await currentBatch()).toBe('sparse');
    expect((await recommendationsFor(probe)).length).toBeGreaterThan(0);
  });

  it('keeps readers on the previous batch while one is part-way, and a rerun completes it where it stopped', async () => {
    await seedPurchases();
    await batches().rebuild(batch('before'), async () => undefined);
    const before = await readers();
    await changePurchases();

    const [{ purchased }] = await app.sql(`SELECT count(DISTINCT content_id)::int AS purchased FROM rec_purchases`);

    await expect(batches().rebuild(batch('after'), crashOnceNeighboursOf(items[30]!))).rejects.toThrow('worker lost');

    // Half built: the new neighbours of item 30 are written, those of the last items are not.
    const halfBuilt = await inProgress();
    expect(halfBuilt).toMatchObject({ batch_id: 'after', phase: 'neighbours' });
    expect(halfBuilt!.processed).toBeLessThan(purchased);
    const written = await neighboursOf('after');
    expect(written.length).toBe(halfBuilt!.pairs);
    expect(written).toContainEqual(expect.objectContaining({ content_id: items[30], neighbour_id: items[31] }));
    expect(written.map((row) => row.content_id)).not.toContain(items[44]);
    expect(await currentBatch()).toBe('before');
    expect(await app.sql(`SELECT id FROM rec_batches`)).toEqual([{ id: 'before' }]);
    expect(await readers()).toEqual(before);
    // Operators see the half-built run and how far it got, beside the finished one readers use.
    const runs = await app.request('GET', '/api/v1/admin/recommendations/runs', { token: await app.adminToken() });
    expect(runs.status).toBe(200);
    expect(runs.body.inProgress).toMatchObject({ id: 'after', phase: 'neighbours', processed: halfBuilt!.processed, total: purchased });
    expect(runs.body.runs).toEqual([expect.objectContaining({ id: 'before', trigger: 'manual', current: true })]);

    const reported: number[] = [];
    const rerun = await batches().rebuild(batch('after'), async (percent) => void reported.push(percent));

    expect(rerun).toMatchObject({ batchId: 'after', ran: true });
    // It trained again (5–50 %), wrote the learners' user-kNN neighbours (50–55 %), then continued writing after the
    // content ids already done instead of starting over (55–65 %).
    expect(reported.find((percent) => percent > 55)).toBeGreaterThan(55 + 10 * (halfBuilt!.processed / purchased));
    const [finished] = await app.sql(`SELECT started_at, pairs FROM rec_batches WHERE id = 'after'`);
    expect(finished).toEqual({ started_at: halfBuilt!.started_at, pairs: rerun.pairs });
    expect(await neighboursOf('after')).toEqual(await app.sql(SINGLE_STATEMENT_NEIGHBOURS));
    expect(await batchIdsWithRows()).toEqual(['after']); // the previous batch's rows are gone, no orphans
    expect(await currentBatch()).toBe('after');
    expect(await inProgress()).toBeUndefined();

    const after = await readers();
    expect(after).not.toEqual(before);
    expect(after[0]![0]).toMatchObject({
      contentId: items[31],
      reasons: expect.arrayContaining([expect.objectContaining({ kind: 'co-purchase', withContentId: items[30] })]),
    });

    const replayed = await batches().rebuild(batch('after'), async () => undefined);
    expect(replayed).toEqual({ ...rerun, ran: false });
    expect(await readers()).toEqual(after);
  });

  it('discards a build another trigger abandoned, and a rerun after the switch finishes the cleanup', async () => {
    await seedPurchases();
    await batches().rebuild(batch('first'), async () => undefined);
    await expect(batches().rebuild(batch('abandoned'), crashOnceNeighboursOf(items[10]!))).rejects.toThrow('worker lost');
    expect(await batchIdsWithRows()).toEqual(['abandoned', 'first']);

    await changePurchases();
    const firstRows = (await neighboursOf('first')).length;
    const crashWhileDiscarding = async () => {
      const left = (await neighboursOf('first')).length;
      if ((await currentBatch()) === 'next' && left < firstRows) throw new Error('worker lost');
    };
    await expect(batches().rebuild(batch('next'), crashWhileDiscarding)).rejects.toThrow('worker lost');

    // It had switched, and deleted some of the superseded rows, when it stopped.
    expect(await currentBatch()).toBe('next');
    expect(await app.sql(`SELECT id FROM rec_batches ORDER BY id`)).toEqual([{ id: 'first' }, { id: 'next' }]);
    expect(await batchIdsWithRows()).toEqual(['first', 'next']);
    expect((await neighboursOf('first')).length).toBe(firstRows - TINY.rowsPerDiscardChunk);
    expect(await neighboursOf('next')).toEqual(await app.sql(SINGLE_STATEMENT_NEIGHBOURS));
    expect(await inProgress()).toBeUndefined();

    const rerun = await batches().rebuild(batch('next'), async () => undefined);
    expect(rerun).toMatchObject({ ran: false });
    expect(await batchIdsWithRows()).toEqual(['next']);

    // The abandoned trigger's retry starts over on today's purchases and becomes the current batch.
    const retried = await batches().rebuild(batch('abandoned'), async () => undefined);
    expect(retried).toMatchObject({ ran: true });
    expect(await neighboursOf('abandoned')).toEqual(await app.sql(SINGLE_STATEMENT_NEIGHBOURS));
    expect(await batchIdsWithRows()).toEqual(['abandoned']);
    expect(await currentBatch()).toBe('abandoned');
  });

  it('leaves its connection idle, outside any transaction, between chunks', async () => {
    await seedPurchases();
    await batches().rebuild(batch('first'), async () => undefined);
    await changePurchases();
    const [{ purchased, items: published, rows }] = await app.sql(
      `SELECT (SELECT count(DISTINCT content_id) FROM rec_purchases)::int AS purchased,
              (SELECT count(*) FROM rec_items)::int AS items,
              (SELECT count(*) FROM rec_neighbours)::int AS rows`,
    );
    const samples: Record<string, unknown>[] = [];

    await batches().rebuild(batch('second'), async () => {
      // Between two chunks: how the batch's connection looks to everyone else right now.
      samples.push(
        ...(await app.sql(
          `SELECT a.pid, a.state, a.backend_xid, a.backend_xmin,
                  EXISTS (SELECT 1 FROM pg_locks WHERE pid = a.pid AND ${ADVISORY_LOCKS_HERE} AND granted) AS holds_batch_lock
             FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.application_name = $1`,
          [SIMILARITY_BATCH_APPLICATION_NAME],
        )),
      );
    });

    // Sampled after every neighbours, model, popularity and discard chunk.
    const chunks =
      Math.ceil(purchased / TINY.contentIdsPerChunk) +
      Math.ceil(published / TINY.contentIdsPerChunk) +
      Math.ceil(published / TINY.itemsPerPopularityChunk) +
      Math.ceil(rows / TINY.rowsPerDiscardChunk);
    expect(samples.length).toBeGreaterThanOrEqual(chunks);
    const pid = samples[0]!.pid;
    for (const sample of samples) {
      expect(sample).toEqual({ pid, state: 'idle', backend_xid: null, backend_xmin: null, holds_batch_lock: true });
    }
    // Done: the connection went back to the pool without the lock or the batch's name.
    expect(
      await app.sql(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [
        SIMILARITY_BATCH_APPLICATION_NAME,
      ]),
    ).toEqual([]);
    expect(await app.sql(`SELECT 1 FROM pg_locks WHERE ${ADVISORY_LOCKS_HERE}`)).toEqual([]);
  });

  it('runs one batch at a time: a second worker waits its turn without holding back xmin', async () => {
    await seedPurchases();
    let pause!: () => void;
    const paused = new Promise<void>((resolve) => (pause = resolve));
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const first = batches().rebuild(batch('a'), async () => {
      pause();
      await resumed;
    });
    await paused;
    const [{ pid: holder }] = await app.sql(`SELECT pid FROM pg_locks WHERE ${ADVISORY_LOCKS_HERE} AND granted`);

    let secondDone = false;
    const second = batches()
      .rebuild(batch('b'), async () => undefined)
      .finally(() => (secondDone = true));
    const waiting = await eventually(
      async () =>
        (
          await app.sql(
            `SELECT pid, state, backend_xid, backend_xmin FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = $1 AND pid <> $2
                AND state = 'idle' AND query LIKE 'SELECT pg_try_advisory_lock%'`,
            [SIMILARITY_BATCH_APPLICATION_NAME, holder],
          )
        )[0],
      15_000,
      'the second batch asking for the lock',
    );

    // The second batch asked, was refused, and waits between attempts outside any transaction.
    expect(waiting).toMatchObject({ state: 'idle', backend_xid: null, backend_xmin: null });
    expect(secondDone).toBe(false);
    expect((await inProgress())?.batch_id).toBe('a');

    resume();
    await Promise.all([first, second]);
    const [a, b] = await app.sql(`SELECT id, started_at, finished_at FROM rec_batches ORDER BY finished_at`);
    expect([a.id, b.id]).toEqual(['a', 'b']);
    expect(b.started_at.getTime()).toBeGreaterThanOrEqual(a.finished_at.getTime());
    expect(await currentBatch()).toBe('b');
    expect(await batchIdsWithRows()).toEqual(['b']);
  });
});
