import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, HandlesJobs, noMetadata, OutboxRelay, QueueName } from '#platform';
import { RecommendationJob, RecommendationRelayRoutes } from '#recommendation';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';
import { completeCourse, completeLesson, postReview, withdrawReview } from './support/reco-events.js';

const PRICE = 1000;
const FEE = 200;

describe('recommendation: purchases become recommendations through the relay and the queue', () => {
  let app: TestApp;
  let store: EventStore;
  let queue: Queue;
  let creator: TestUser;
  let learner: TestUser;
  let browser: TestUser;
  const buyers: TestUser[] = [];
  const category = { id: randomUUID(), name: '系统编程' };
  const item: Record<'a' | 'b' | 'q' | 'x' | 'p1' | 'p2' | 'd' | 'n1' | 'n2', string> = {
    n1: randomUUID(),
    n2: randomUUID(),
    a: randomUUID(),
    b: randomUUID(),
    q: randomUUID(),
    x: randomUUID(),
    p1: randomUUID(),
    p2: randomUUID(),
    d: randomUUID(),
  };
  const titles = new Map<string, string>();

  /** Publishes as catalog would: `catalog.content-approved` with the contract's whole payload. */
  async function approve(contentId: string, creatorId: string, title: string, version = 0, tags: string[] = []): Promise<number> {
    titles.set(contentId, title);
    const [recorded] = await store.append({
      streamId: `content-${contentId}`,
      streamType: 'content',
      expectedVersion: version,
      events: [
        {
          type: 'catalog.content-approved',
          data: {
            contentId,
            moderatorId: randomUUID(),
            creatorId,
            kind: 'course',
            title,
            summary: `About ${title}`,
            priceCents: PRICE,
            currency: 'CNY',
            tags,
            publishedAt: new Date().toISOString(),
          },
        },
      ],
      metadata: noMetadata(),
    });
    return recorded!.globalPosition;
  }

  /** Files an item under the category as catalog would (the category is created first). */
  async function classify(contentId: string): Promise<void> {
    await store.append({
      streamId: `content-${contentId}`,
      streamType: 'content',
      expectedVersion: 'any',
      events: [{ type: 'catalog.content-classified', data: { contentId, categoryId: category.id, tags: [] } }],
      metadata: noMetadata(),
    });
  }

  /** Pays as commerce would: order placed, then `commerce.order-paid` with the contract's payload. */
  async function pay(buyer: TestUser, contentIds: string[]): Promise<void> {
    const orderId = randomUUID();
    const paymentId = `pay_${randomUUID()}`;
    const ownerOf = (contentId: string) => (contentId === item.x ? learner.id : creator.id);
    await store.append({
      streamId: `order-${orderId}`,
      streamType: 'order',
      expectedVersion: 0,
      events: [
        {
          type: 'commerce.order-placed',
          data: {
            orderId,
            buyerId: buyer.id,
            items: contentIds.map((contentId) => ({
              contentId,
              creatorId: ownerOf(contentId),
              title: titles.get(contentId),
              priceCents: PRICE,
              currency: 'CNY',
            })),
            totalCents: PRICE * contentIds.length,
            currency: 'CNY',
            paymentId,
            provider: 'sandbox',
          },
        },
        {
          type: 'commerce.order-paid',
          data: {
            orderId,
            buyerId: buyer.id,
            paymentId,
            providerEventId: `evt_${randomUUID()}`,
            amountCents: PRICE * contentIds.length,
            currency: 'CNY',
            items: contentIds.map((contentId) => ({
              contentId,
              creatorId: ownerOf(contentId),
              priceCents: PRICE,
              platformFeeCents: FEE,
            })),
          },
        },
      ],
      metadata: noMetadata(),
    });
  }

  const count = async (table: string) => (await app.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  const snapshot = () =>
    Promise.all([
      app.sql(`SELECT content_id, title, kind, creator_id, published_at, purchase_count, category_id FROM rec_items ORDER BY content_id`),
      app.sql(`SELECT * FROM rec_item_learners ORDER BY content_id`),
      app.sql(`SELECT user_id, content_id, purchased_at FROM rec_purchases ORDER BY user_id, content_id`),
      app.sql(`SELECT batch_id, content_id, neighbour_id, score, co_purchases FROM rec_neighbours ORDER BY batch_id, content_id, neighbour_id`),
      app.sql(`SELECT * FROM rec_batches ORDER BY id`),
      app.sql(`SELECT batch_id FROM rec_current_batch`),
      app.sql(`SELECT * FROM rec_model_neighbours ORDER BY batch_id, content_id, neighbour_id`),
      app.sql(`SELECT * FROM rec_content_neighbours ORDER BY batch_id, content_id, neighbour_id`),
      app.sql(`SELECT * FROM rec_item_classes ORDER BY content_id`),
      app.sql(`SELECT * FROM rec_categories ORDER BY category_id`),
      app.sql(`SELECT * FROM rec_browsed ORDER BY user_id, content_id`),
      app.sql(`SELECT * FROM rec_signals ORDER BY user_id, content_id, kind`),
    ]);

  async function waitForJob(jobId: string): Promise<Job> {
    return eventually(
      async () => {
        const job = await queue.getJob(jobId);
        const state = await job?.getState();
        if (state === 'failed') throw new Error(`job ${jobId} failed: ${job!.failedReason}`);
        return state === 'completed' ? ((await queue.getJob(jobId)) as Job) : undefined;
      },
      15_000,
      `job ${jobId}`,
    );
  }

  async function rebuild(): Promise<{ eventPosition: number; batch: Record<string, unknown> }> {
    const response = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: await app.adminToken() });
    expect(response.status).toBe(202);
    const { eventPosition } = response.body as { eventPosition: number };
    const batch = await eventually(
      async () => (await app.sql(`SELECT * FROM rec_batches WHERE id = $1`, [`event-${eventPosition}`]))[0],
      15_000,
      'the requested batch',
    );
    return { eventPosition, batch };
  }

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    store = app.api.get(EventStore);
    queue = app.worker!.get<Queue>(getQueueToken(QueueName.Recommendation), { strict: false });
    creator = await app.user('creator', ['creator']);
    learner = await app.user('learner', ['creator']);
    for (const name of ['buyer1', 'buyer2', 'buyer3', 'buyer4']) buyers.push(await app.user(name));

    await approve(item.a, creator.id, 'Rust in Practice', 0, ['Rust']);
    await approve(item.b, creator.id, 'Systems Programming');
    await approve(item.q, creator.id, 'Owned Elsewhere');
    await approve(item.x, learner.id, 'The Learner\'s Own Course');
    await approve(item.p1, creator.id, 'Popular One');
    await approve(item.p2, creator.id, 'Popular Two', 0, ['Rust']);
    await approve(item.d, creator.id, 'Nobody Bought This Yet');
    // New items nobody bought: only the content model knows them (their shared tags).
    const other = await app.user('other-creator', ['creator']);
    await approve(item.n1, other.id, 'Python 数据分析入门', 0, ['数据分析', 'Python']);
    await approve(item.n2, other.id, '用 Python 做数据分析实战', 0, ['数据分析', 'Python']);
    await store.append({
      streamId: 'category-tree',
      streamType: 'category-tree',
      expectedVersion: 'any',
      events: [{ type: 'catalog.category-created', data: { categoryId: category.id, parentId: null, slug: 'systems', name: category.name, position: 0 } }],
      metadata: noMetadata(),
    });
    await classify(item.a);
    await classify(item.p2);
    await classify(item.n1);
    // A newcomer looked into D (filed under nothing) and P2 (under the category): browsing, no purchase.
    browser = await app.user('browser');
    for (const contentId of [item.d, item.p2]) {
      await store.append({
        streamId: `progress-${browser.id}-${contentId}`,
        streamType: 'progress',
        expectedVersion: 'any',
        events: [{ type: 'catalog.lesson-opened', data: { userId: browser.id, contentId, lessonId: randomUUID(), lessonCount: 3, openedAt: new Date().toISOString() } }],
        metadata: noMetadata(),
      });
    }
    const [b1, b2, b3, b4] = buyers as [TestUser, TestUser, TestUser, TestUser];
    await pay(b1, [item.a, item.b, item.q]);
    await pay(b2, [item.a, item.b]);
    await pay(b2, [item.x, item.p1]);
    await pay(b3, [item.p1, item.p2, item.x]);
    await pay(b4, [item.p1, item.x]);
    await pay(learner, [item.a]);
    // Bought a moment ago: commerce already grants it, but no purchase event has reached us.
    await app.sql(
      `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at) VALUES ('staff', $3, $2, $1, now(), now())`,
      [learner.id, item.q, randomUUID()],
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('projects published items and purchases into its tables through the outbox relay and the queue', async () => {
    await eventually(async () => ((await count('rec_items')) === 9 ? true : undefined), 15_000, 'rec_items');
    await eventually(async () => ((await count('rec_item_classes')) === 3 ? true : undefined), 15_000, 'rec_item_classes');
    expect(await app.sql(`SELECT category_id, name FROM rec_categories`)).toEqual([{ category_id: category.id, name: category.name }]);
    await eventually(async () => ((await count('rec_purchases')) === 13 ? true : undefined), 15_000, 'rec_purchases');

    const [a] = await app.sql(`SELECT title, kind, creator_id, purchase_count FROM rec_items WHERE content_id = $1`, [item.a]);
    expect(a).toEqual({ title: 'Rust in Practice', kind: 'course', creator_id: creator.id, purchase_count: 0 });
    const learnerPurchases = await app.sql(`SELECT content_id FROM rec_purchases WHERE user_id = $1`, [learner.id]);
    expect(learnerPurchases).toEqual([{ content_id: item.a }]);
  });

  it('keeps the similarity batch on a repeatable schedule that starts with the worker', async () => {
    const scheduler = await queue.getJobScheduler('recommendation-rebuild');
    expect(scheduler).toMatchObject({ name: RecommendationJob.Rebuild, every: app.config.recommendationRebuildEveryMs });
    const scheduled = await eventually(
      async () => (await app.sql(`SELECT * FROM rec_batches WHERE trigger = 'schedule'`))[0],
      15_000,
      'the first scheduled batch',
    );
    expect(scheduled.requested_by).toBeNull();
  });

  it('lets an admin request a rebuild that computes co-purchase neighbours and popularity', async () => {
    const { eventPosition, batch } = await rebuild();
    const [requested] = await app.sql(`SELECT type, stream_id, metadata FROM events WHERE global_position = $1`, [eventPosition]);
    expect(requested).toMatchObject({ type: 'recommendation.rebuild-requested', stream_id: 'recommendation-rebuilds' });
    expect(batch).toMatchObject({ trigger: 'manual', requested_by: requested.metadata.actorId });
    expect(batch.requested_by).not.toBeNull();

    const job = await waitForJob(`event-${eventPosition}-${RecommendationJob.Rebuild}`);
    expect(job.progress).toBe(100);
    expect(job.returnvalue).toMatchObject({ ran: true, items: batch.items, pairs: batch.pairs });

    // A: bought by buyer1, buyer2 and the learner; B by buyer1 and buyer2: cosine 2 / sqrt(3 * 2).
    const [ab] = await app.sql(
      `SELECT score, co_purchases FROM rec_neighbours WHERE batch_id = $1 AND content_id = $2 AND neighbour_id = $3`,
      [batch.id, item.a, item.b],
    );
    expect(ab.co_purchases).toBe(2);
    expect(ab.score).toBeCloseTo(2 / Math.sqrt(6), 10);
    // Rows of the batch it replaced are deleted after the switch, so count this batch's own.
    const [written] = await app.sql(`SELECT count(*)::int AS n FROM rec_neighbours WHERE batch_id = $1`, [batch.id]);
    expect(written.n).toBe(batch.pairs);
    const popularity = await app.sql(`SELECT content_id, purchase_count FROM rec_items ORDER BY purchase_count DESC, content_id`);
    expect(Object.fromEntries(popularity.map((row) => [row.content_id, row.purchase_count]))).toEqual({
      [item.a]: 3,
      [item.x]: 3,
      [item.p1]: 3,
      [item.b]: 2,
      [item.q]: 1,
      [item.p2]: 1,
      [item.d]: 0,
      [item.n1]: 0,
      [item.n2]: 0,
    });
    // The serving model was trained and its weights chosen on a validation split (none here has five purchases: EASE alone).
    expect(batch.model).toMatch(/^hybrid\(1\.00·ease\(lambda=70,dropout=0\.25\) \+ 0\.00·rp3beta.* \+ 0\.00·content/);
    const [modelRows] = await app.sql(`SELECT count(*)::int AS n FROM rec_model_neighbours WHERE batch_id = $1 AND content_id = $2`, [batch.id, item.a]);
    expect(modelRows.n).toBeGreaterThan(0);
  });

  /** The co-purchase count as SQL gives it, the evidence a co-purchase reason must carry. */
  const learnersWhoBoughtBoth = async (a: string, b: string) =>
    (
      await app.sql(
        `SELECT count(*)::int AS n FROM rec_purchases a JOIN rec_purchases b ON b.user_id = a.user_id WHERE a.content_id = $1 AND b.content_id = $2`,
        [a, b],
      )
    )[0].n as number;

  type Listed = { contentId: string; score: number; reasons: { kind: string; [field: string]: unknown }[] };

  it('recommends the model\'s picks for the learner\'s purchases with their evidence, then popular items, never owned or own content, at most 3 per creator', async () => {
    await eventually(async () => ((await count('rec_model_neighbours')) > 0 ? true : undefined), 15_000, 'model neighbourhoods');
    const response = await app.request('GET', '/api/v1/me/recommendations', { token: learner.token });
    expect(response.status).toBe(200);
    const items = response.body.items as Listed[];

    // B, P1 and P2 are the model's picks (P2 through buyer2 and buyer3); then the cap (3 of `creator`)
    // leaves D out, and the other creator's new items fill the list: N1 is in A's category.
    expect(items.map((entry) => entry.contentId)).toEqual([item.b, item.p1, item.p2, item.n1, item.n2]);
    expect(items[0]).toMatchObject({ title: 'Systems Programming', kind: 'course' });
    expect(items[0]!.score).toBeGreaterThanOrEqual(items[1]!.score);
    expect(items[1]!.score).toBeGreaterThan(0);
    expect(items[0]!.reasons).toContainEqual({ kind: 'co-purchase', with: 'Rust in Practice', withContentId: item.a, learners: 2 });
    // Every co-purchase reason carries the count SQL gives; every similar one names terms both items carry.
    for (const entry of items) {
      expect(entry.reasons.length).toBeGreaterThan(0);
      for (const reason of entry.reasons.filter((r) => r.kind === 'co-purchase')) {
        expect(reason.learners).toBe(await learnersWhoBoughtBoth(reason.withContentId as string, entry.contentId));
      }
    }
    // Nobody bought P2 with A: its evidence is the tag and the category both carry.
    expect(items[2]!.reasons).toEqual([{ kind: 'similar', to: 'Rust in Practice', toContentId: item.a, shared: ['rust', category.name] }]);
    expect(items[2]!.score).toBeGreaterThan(0);
    expect(items[3]).toEqual({
      contentId: item.n1,
      title: 'Python 数据分析入门',
      kind: 'course',
      score: 0,
      // Nobody bought N1 or N2: they are offered as new (N1 within A's category), not as popular with no buyers.
      reasons: [{ kind: 'new', publishedAt: expect.any(String), category: category.name, categoryId: category.id }],
    });
    expect(items[4]!.reasons).toEqual([{ kind: 'new', publishedAt: expect.any(String) }]);
    const [n2] = await app.sql(`SELECT published_at FROM rec_items WHERE content_id = $1`, [item.n2]);
    expect(new Date(items[4]!.reasons[0]!.publishedAt as string).getTime()).toBe(new Date(n2.published_at).getTime());
    // Owned through rec_purchases (A), only through commerce's entitlements (Q), or the learner's own (X).
    const offered = items.map((entry) => entry.contentId);
    for (const never of [item.a, item.q, item.x]) expect(offered).not.toContain(never);

    const two = await app.request('GET', '/api/v1/me/recommendations?limit=2', { token: learner.token });
    expect(two.body.items.map((entry: { contentId: string }) => entry.contentId)).toEqual([item.b, item.p1]);
  });

  it('gives a new item, bought by nobody, its content-based neighbours with the terms they share', async () => {
    await eventually(async () => ((await count('rec_content_neighbours')) > 0 ? true : undefined), 15_000, 'content neighbours');
    const response = await app.request('GET', `/api/v1/contents/${item.n1}/similar`);
    expect(response.status).toBe(200);
    const [first] = response.body.items as Listed[];
    expect(first).toMatchObject({ contentId: item.n2, title: '用 Python 做数据分析实战' });
    expect(first!.reasons).toHaveLength(1);
    const [reason] = first!.reasons as { kind: string; to: string; toContentId: string; shared: string[] }[];
    expect(reason).toMatchObject({ kind: 'similar', to: 'Python 数据分析入门', toContentId: item.n1 });
    expect(reason!.shared).toEqual(expect.arrayContaining(['数据分析', 'python']));
  });

  it('shows admins the finished runs, latest first, the one readers use marked, and nobody else', async () => {
    const { eventPosition, batch } = await rebuild();
    const response = await app.request('GET', '/api/v1/admin/recommendations/runs?limit=1', { token: await app.adminToken() });
    expect(response.status).toBe(200);
    expect(response.body.runs).toEqual([
      {
        id: `event-${eventPosition}`,
        trigger: 'manual',
        requestedBy: batch.requested_by,
        startedAt: (batch.started_at as Date).toISOString(),
        finishedAt: (batch.finished_at as Date).toISOString(),
        items: batch.items,
        pairs: batch.pairs,
        current: true,
        model: batch.model,
        // The platform's data is small: EASE serves, and the record says why in figures.
        modelChoice: { kind: 'ease', reason: expect.stringMatching(/^EASE fits: ~\S+ multiply-adds and a \d+×\d+ inverse \(\d+ MB\), within 5\.0e10$/) },
      },
    ]);
    const all = await app.request('GET', '/api/v1/admin/recommendations/runs', { token: await app.adminToken() });
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM rec_batches`);
    expect(all.body.runs).toHaveLength(n);
    expect(all.body.runs.filter((run: { current: boolean }) => run.current)).toHaveLength(1);

    expect((await app.request('GET', '/api/v1/admin/recommendations/runs', { token: learner.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/admin/recommendations/runs')).status).toBe(401);
    expect((await app.request('GET', '/api/v1/admin/recommendations/runs?limit=0', { token: await app.adminToken() })).status).toBe(400);
  });

  it('lists what was bought together with an item, each with the learners who bought both as SQL counts them', async () => {
    await eventually(async () => ((await count('rec_neighbours')) > 0 ? true : undefined), 15_000, 'neighbours');
    const anonymous = await app.request('GET', `/api/v1/contents/${item.a}/similar`);
    expect(anonymous.status).toBe(200);
    const items = anonymous.body.items as { contentId: string; score: number; reasons: { kind: string; with: string; withContentId: string; learners: number }[] }[];
    // Bought with A: B by buyer1 and buyer2, Q by buyer1, X and P1 by buyer2 (in another order).
    expect(items.slice(0, 4).map((entry) => entry.contentId)).toEqual([item.b, item.q, ...[item.p1, item.x].sort()]);
    // Then the content model's: P2 has A's tag and category.
    expect(items.slice(4).map((entry) => entry.contentId)).toContain(item.p2);
    expect(items.find((entry) => entry.contentId === item.p2)!.reasons).toEqual([
      { kind: 'similar', to: 'Rust in Practice', toContentId: item.a, shared: ['rust', category.name] },
    ]);
    expect(items[0]).toMatchObject({ title: 'Systems Programming', kind: 'course', score: expect.closeTo(2 / Math.sqrt(6), 10) });
    for (const entry of items.slice(0, 4)) {
      expect(entry.reasons).toContainEqual({ kind: 'co-purchase', with: 'Rust in Practice', withContentId: item.a, learners: await learnersWhoBoughtBoth(item.a, entry.contentId) });
    }
    expect(items[0]!.reasons[0]!.learners).toBe(2);

    // The learner owns A and Q (Q only through commerce) and created X: only B and P1 are left.
    const forLearner = await app.request('GET', `/api/v1/contents/${item.a}/similar?limit=10`, { token: learner.token });
    expect(forLearner.body.items.map((entry: { contentId: string }) => entry.contentId).slice(0, 2)).toEqual([item.b, item.p1]);
    for (const never of [item.a, item.q, item.x]) expect(forLearner.body.items.map((entry: { contentId: string }) => entry.contentId)).not.toContain(never);
    const one = await app.request('GET', `/api/v1/contents/${item.a}/similar?limit=1`);
    expect(one.body.items.map((entry: { contentId: string }) => entry.contentId)).toEqual([item.b]);
  });

  it('answers 404 for an id no published content has, and 400 for a malformed id or limit', async () => {
    const unknown = await app.request('GET', `/api/v1/contents/${randomUUID()}/similar`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.code).toBe('RECOMMENDATION.CONTENT_NOT_FOUND');
    expect((await app.request('GET', '/api/v1/contents/not-a-uuid/similar')).status).toBe(400);
    for (const limit of ['0', '51', 'x']) {
      expect((await app.request('GET', `/api/v1/contents/${item.a}/similar?limit=${limit}`)).status).toBe(400);
    }
  });

  it('gives a learner with nothing bought the popular items, and validates the limit', async () => {
    const newcomer = await app.user('newcomer');
    const response = await app.request('GET', '/api/v1/me/recommendations?limit=3', { token: newcomer.token });
    expect(response.status).toBe(200);
    expect(response.body.items.map((entry: Listed) => [entry.contentId, entry.reasons])).toEqual([
      // Three buyers each; equal counts go newest first.
      [item.p1, [{ kind: 'popular', learners: 3 }]],
      [item.x, [{ kind: 'popular', learners: 3 }]],
      [item.a, [{ kind: 'popular', learners: 3 }]],
    ]);

    for (const limit of ['0', '51', 'ten']) {
      const bad = await app.request('GET', `/api/v1/me/recommendations?limit=${limit}`, { token: newcomer.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('limit');
    }
  });

  it('gives a newcomer who only browsed the neighbours of what they viewed, then the popular items of the categories they looked into', async () => {
    await eventually(async () => ((await count('rec_browsed')) === 2 ? true : undefined), 15_000, 'rec_browsed');
    await eventually(async () => ((await count('rec_model_neighbours')) > 0 ? true : undefined), 15_000, 'model neighbourhoods');
    const response = await app.request('GET', '/api/v1/me/recommendations?limit=20', { token: browser.token });
    expect(response.status).toBe(200);
    const listed = response.body.items as Listed[];
    const modelPicks = listed.filter((entry) => entry.score > 0);
    // The hybrid sums the neighbourhoods of the viewed items (D and P2, a view each); every such pick says which one and what was done.
    expect(modelPicks.length).toBeGreaterThan(0);
    for (const pick of modelPicks) {
      const viewed = pick.reasons[0]?.withContentId as string;
      expect([item.d, item.p2]).toContain(viewed);
      expect(pick.reasons).toEqual([{ kind: 'engaged-with', with: titles.get(viewed), withContentId: viewed, acts: ['view'] }]);
    }
    // Then the category of P2 (A: 3 buyers, P2: 1, N1: nobody yet, new) before anything popular elsewhere; an item is
    // listed once and a creator's places are capped, so some of the category may already be taken.
    const fill = listed.filter((entry) => entry.score === 0);
    const expected = new Map<string, unknown>([
      [item.a, [{ kind: 'popular-in', category: category.name, categoryId: category.id, learners: 3 }]],
      [item.p2, [{ kind: 'popular-in', category: category.name, categoryId: category.id, learners: 1 }]],
      [item.n1, [{ kind: 'new', publishedAt: expect.any(String), category: category.name, categoryId: category.id }]],
    ]);
    const ofCategory = fill.filter((entry) => entry.reasons.some((reason) => reason.categoryId === category.id));
    expect(ofCategory.length).toBeGreaterThan(0);
    expect(fill.slice(0, ofCategory.length)).toEqual(ofCategory);
    for (const entry of ofCategory) expect(entry.reasons).toEqual(expected.get(entry.contentId));
    expect(new Set(listed.map((entry) => entry.contentId)).size).toBe(listed.length);
  });

  it('changes nothing when jobs are replayed, even an older approval after a newer one', async () => {
    // Catalog re-approves D under a new title; replaying the first approval must not bring the old one back.
    await approve(item.d, creator.id, 'Nobody Bought This Yet, Second Edition', 1);
    await eventually(
      async () =>
        (await app.sql(`SELECT 1 FROM rec_items WHERE content_id = $1 AND title LIKE '%Second Edition'`, [item.d]))[0],
      15_000,
      'the re-approval',
    );
    // An item published, then unpublished by its creator: it leaves rec_items; replaying its approval must not bring it back.
    const withdrawn = randomUUID();
    await approve(withdrawn, creator.id, 'Withdrawn By Its Creator');
    await store.append({
      streamId: `content-${withdrawn}`,
      streamType: 'content',
      expectedVersion: 1,
      events: [{ type: 'catalog.content-unpublished', data: { contentId: withdrawn, creatorId: creator.id, unpublishedAt: new Date().toISOString() } }],
      metadata: noMetadata(),
    });
    await eventually(async () => (await app.sql(`SELECT 1 FROM rec_unlisted_items WHERE content_id = $1`, [withdrawn]))[0], 15_000, 'the unlisting');
    // Signals besides purchases (domain/signals.ts): a completion, and a high rating later withdrawn.
    const member = randomUUID();
    const d = { contentId: item.d, creatorId: creator.id, title: 'D' };
    await completeLesson(store, member, d);
    await completeCourse(store, member, d);
    await postReview(store, member, d, 5);
    await withdrawReview(store, member, d, 5);
    await eventually(
      async () =>
        (await app.sql(`SELECT count(*)::int AS n FROM rec_signals WHERE user_id = $1 AND (kind IN ('completion', 'course-completion') OR NOT active)`, [member]))[0].n === 3 ? true : undefined,
      15_000,
      'the signals',
    );
    await rebuild();
    await eventually(async () => {
      const { waiting, active } = await queue.getJobCounts('waiting', 'active');
      return waiting === 0 && active === 0 ? true : undefined;
    });
    const before = await snapshot();
    expect(await app.sql(`SELECT 1 FROM rec_items WHERE content_id = $1`, [withdrawn])).toEqual([]);

    const relayed = (await queue.getJobs(['completed'])).filter((job) => job.id?.startsWith('event-'));
    expect(new Set(relayed.map((job) => job.name))).toEqual(new Set(Object.values(RecommendationJob)));
    for (const job of relayed) await queue.add(job.name, job.data, { jobId: `replay-${job.id}` });
    const replays = await Promise.all(relayed.map((job) => waitForJob(`replay-${job.id}`)));

    expect(await snapshot()).toEqual(before);
    for (const replay of replays) {
      const nothingDone = {
        [RecommendationJob.ContentPublished]: { written: false },
        [RecommendationJob.PurchaseRecorded]: { inserted: 0 },
        [RecommendationJob.ContentClassified]: { written: false },
        [RecommendationJob.CategoryChanged]: { written: false },
        [RecommendationJob.LessonOpened]: { inserted: 0 },
        [RecommendationJob.ContentUnlisted]: { written: false },
        [RecommendationJob.LessonCompleted]: { inserted: 0 },
        [RecommendationJob.CourseCompleted]: { inserted: 0 },
        [RecommendationJob.ReviewPosted]: { written: false },
        [RecommendationJob.ReviewRemoved]: { written: false },
      };
      if (replay.name === RecommendationJob.Rebuild) expect(replay.returnvalue).toMatchObject({ ran: false });
      else expect(replay.returnvalue).toEqual(nothingDone[replay.name as keyof typeof nothingDone]);
    }
  });

  it('lets only admins request a rebuild, and only signed-in users read recommendations', async () => {
    const before = await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'recommendation.rebuild-requested'`);
    const byLearner = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: learner.token });
    expect(byLearner.status).toBe(403);
    expect((await app.request('POST', '/api/v1/admin/recommendations/rebuild')).status).toBe(401);
    const after = await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'recommendation.rebuild-requested'`);
    expect(after[0].n).toBe(before[0].n);

    const anonymous = await app.request('GET', '/api/v1/me/recommendations');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });

  it('changes a buyer\'s recommendations within seconds of a purchase, through the relay of the order-paid event', async () => {
    await eventually(async () => ((await count('rec_model_neighbours')) > 0 ? true : undefined), 15_000, 'model neighbourhoods');
    const buyer = await app.user('quick-buyer');
    const before = await app.request('GET', '/api/v1/me/recommendations', { token: buyer.token });
    expect(before.body.items.every((entry: Listed) => entry.reasons.every((r) => r.kind === 'popular' || r.kind === 'new'))).toBe(true);

    const paidAt = Date.now();
    await pay(buyer, [item.b]);
    const after = await eventually(
      async () => {
        const response = await app.request('GET', '/api/v1/me/recommendations', { token: buyer.token });
        const items = response.body.items as Listed[];
        return items.some((entry) => entry.reasons.some((r) => r.kind === 'co-purchase')) ? items : undefined;
      },
      5_000,
      'a co-purchase pick after the purchase',
    );
    expect(Date.now() - paidAt).toBeLessThan(5_000);
    expect(after.map((entry) => entry.contentId)).not.toContain(item.b);
    // A was bought with B by buyer1 and buyer2 (and now this buyer owns B only).
    expect(after[0]).toMatchObject({ contentId: item.a, reasons: expect.arrayContaining([{ kind: 'co-purchase', with: 'Systems Programming', withContentId: item.b, learners: 2 }]) });
  });
});

describe('recommendation: the worker refuses relay routes nobody handles', () => {
  @Injectable()
  @HandlesJobs({ queue: QueueName.Recommendation, jobNames: [RecommendationJob.ContentPublished, RecommendationJob.PurchaseRecorded] })
  class PartialHandler {}

  @Injectable()
  @HandlesJobs({ queue: QueueName.Recommendation, jobNames: Object.values(RecommendationJob) })
  class CompleteHandler {}

  const start = async (handler: new () => object) => {
    @Module({ imports: [DiscoveryModule], providers: [OutboxRelay, RecommendationRelayRoutes, handler] })
    class RelayOnly {}
    const context = await NestFactory.createApplicationContext(RelayOnly, { logger: false, abortOnError: false });
    await context.close();
  };

  it('fails at start when the rebuild job has no handler, and starts when every route has one', async () => {
    await expect(start(PartialHandler)).rejects.toThrow(
      'No job handler for relayed jobs: recommendation/rebuild (from recommendation.rebuild-requested)',
    );
    await expect(start(CompleteHandler)).resolves.toBeUndefined();
  });
});

describe('recommendation: end to end with catalog publishing and commerce payments', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function buy(buyer: TestUser, contentIds: string[]): Promise<void> {
    const order = await placeOrder(app, buyer, contentIds);
    expect(order.status).toBe(201);
    const paid = await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents });
    expect(paid.status).toBe(200);
  }

  it('recommends what others bought together, and drops an item the moment the learner pays for it', async () => {
    const creator = await app.user('creator', ['creator']);
    const moderator = await app.user('moderator', ['moderator']);
    const go = await publishContent(app, creator, moderator.token, { title: 'Go in Depth' });
    const k8s = await publishContent(app, creator, moderator.token, { title: 'Kubernetes Operations' });
    const [other, learner] = [await app.user('other'), await app.user('learner')];
    await buy(other, [go, k8s]);
    await buy(learner, [go]);
    await eventually(
      async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases`))[0].n === 3 ? true : undefined),
      15_000,
      'relayed purchases',
    );
    const requested = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: await app.adminToken() });
    expect(requested.status).toBe(202);
    await eventually(
      async () => (await app.sql(`SELECT 1 FROM rec_batches WHERE id = $1`, [`event-${requested.body.eventPosition}`]))[0],
      15_000,
      'the batch',
    );

    const before = await app.request('GET', '/api/v1/me/recommendations', { token: learner.token });
    expect(before.body.items).toEqual([
      {
        contentId: k8s,
        title: 'Kubernetes Operations',
        kind: 'course',
        score: expect.any(Number),
        reasons: expect.arrayContaining([{ kind: 'co-purchase', with: 'Go in Depth', withContentId: go, learners: 1 }]),
      },
    ]);
    expect(before.body.items[0].score).toBeGreaterThan(0);

    await buy(learner, [k8s]);
    const after = await app.request('GET', '/api/v1/me/recommendations', { token: learner.token });
    expect(after.body.items).toEqual([]);
  });
});
