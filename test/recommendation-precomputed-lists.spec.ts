import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, noMetadata } from '#platform';
import { GetMyRecommendations } from '../libs/recommendation/src/queries/get-my-recommendations.js';
import { approveItem, payFor, type RecoItem } from './support/reco-events.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

interface Listed {
  contentId: string;
  title: string;
  score: number;
  reasons: { kind: string; [field: string]: unknown }[];
}

/**
 * A learner's hybrid list is computed after each batch (and after each of their own interactions)
 * and read as one row: these tests show the row is what is served, that it equals the live
 * computation, and that what must be fresh is: items unlisted since, learners counted now, a
 * purchase since (the live computation serves until the row follows), a learner with no row.
 */
describe('recommendation: lists precomputed per learner', () => {
  let app: TestApp;
  let store: EventStore;
  let learner: TestUser;
  // Each its own creator: the per-creator cap does not shorten the lists read here.
  const item = (title: string): RecoItem => ({ contentId: randomUUID(), creatorId: randomUUID(), title });
  const [a, b, c, d, e, popular] = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Popular'].map(item) as [RecoItem, RecoItem, RecoItem, RecoItem, RecoItem, RecoItem];
  const buyers = [randomUUID(), randomUUID(), randomUUID()];
  // Bought by two learners who bought nothing else: never in a neighbourhood of the learner's, it comes as popular.
  const loners = [randomUUID(), randomUUID()];

  const list = async (user: TestUser, limit = 10): Promise<Listed[]> => {
    const response = await app.request('GET', `/api/v1/me/recommendations?limit=${limit}`, { token: user.token });
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const live = async (user: TestUser, limit = 10) =>
    JSON.parse(JSON.stringify((await app.api.get(QueryBus).execute(new GetMyRecommendations(user.id, limit))).items)) as Listed[];
  const currentBatch = async () => (await app.sql(`SELECT batch_id FROM rec_current_batch`))[0]?.batch_id as string | undefined;
  const row = async (userId: string) => (await app.sql(`SELECT batch_id, basis, items, computed_at FROM rec_precomputed_lists WHERE user_id = $1`, [userId]))[0];
  const learnersWhoBoughtBoth = async (x: string, y: string) =>
    (await app.sql(`SELECT count(*)::int AS n FROM rec_purchases p JOIN rec_purchases q ON q.user_id = p.user_id WHERE p.content_id = $1 AND q.content_id = $2`, [x, y]))[0]
      .n as number;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    store = app.api.get(EventStore);
    learner = await app.user('precomputed-learner');
    for (const each of [a, b, c, d, e, popular]) await approveItem(store, each);
    await payFor(store, buyers[0]!, [a, b, c]);
    await payFor(store, buyers[1]!, [a, b, d]);
    await payFor(store, buyers[2]!, [a, c, e]);
    for (const loner of loners) await payFor(store, loner, [popular]);
    await payFor(store, learner.id, [a]);
    await eventually(
      async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases`))[0].n === 12 ? true : undefined),
      20_000,
      'purchases relayed',
    );
    const requested = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: await app.adminToken() });
    expect(requested.status).toBe(202);
    const batchId = `event-${requested.body.eventPosition}`;
    // Every learner with an interaction gets the batch's list once the batch is current.
    await eventually(
      async () => {
        const [done] = await app.sql(`SELECT count(*)::int AS n FROM rec_precomputed_lists WHERE batch_id = $1`, [batchId]);
        return done.n === 6 ? true : undefined;
      },
      30_000,
      'the lists of the batch',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('serves each learner the list the live computation gives, with co-purchase counts as SQL counts them', async () => {
    const served = await list(learner);
    expect(served.some((entry) => entry.reasons.some((reason) => reason.kind === 'co-purchase'))).toBe(true);
    expect(served.map((entry) => entry.contentId)).not.toContain(a.contentId);
    expect(served).toEqual(await live(learner));
    expect((await row(learner.id)).basis).toEqual([a.contentId]);
    for (const entry of served) {
      for (const reason of entry.reasons.filter((r) => r.kind === 'co-purchase')) {
        expect(reason.learners).toBe(await learnersWhoBoughtBoth(reason.withContentId as string, entry.contentId));
      }
    }
    expect(await list(learner, 2)).toEqual(served.slice(0, 2));
  });

  it('reads the stored row: what it holds is what is served', async () => {
    const before = await list(learner);
    expect(before.length).toBeGreaterThan(1);
    const [{ items }] = await app.sql(`SELECT items FROM rec_precomputed_lists WHERE user_id = $1`, [learner.id]);
    await app.sql(`UPDATE rec_precomputed_lists SET items = $2 WHERE user_id = $1`, [learner.id, JSON.stringify([...items].reverse())]);
    expect(await list(learner)).toEqual([...before].reverse());
    // Another batch makes the row stale: until its own pass rewrites it, the live computation serves.
    await app.sql(`UPDATE rec_precomputed_lists SET batch_id = 'an-older-batch' WHERE user_id = $1`, [learner.id]);
    expect(await list(learner)).toEqual(before);
    await app.sql(`UPDATE rec_precomputed_lists SET batch_id = $2, items = $3 WHERE user_id = $1`, [learner.id, await currentBatch(), JSON.stringify(items)]);
    expect(await list(learner)).toEqual(before);
  });

  it('drops an item unlisted since the batch at once, and counts a popular pick\'s learners as of the read', async () => {
    const before = await list(learner);
    expect(before).toEqual(await live(learner));
    expect(before.map((entry) => entry.contentId)).toContain(d.contentId);
    const computedAt = (await row(learner.id)).computed_at;

    await store.append({
      streamId: `content-${d.contentId}`,
      streamType: 'content',
      expectedVersion: 'any',
      events: [{ type: 'catalog.content-unpublished', data: { contentId: d.contentId, creatorId: d.creatorId, unpublishedAt: new Date().toISOString() } }],
      metadata: noMetadata(),
    });
    const without = await eventually(
      async () => {
        const items = await list(learner, 3);
        return items.some((entry) => entry.contentId === d.contentId) ? undefined : items;
      },
      10_000,
      'the unlisted item dropped',
    );
    // Enough remain for a page of 3: served from the row, d dropped, the rest in their order.
    expect(without).toEqual(before.filter((entry) => entry.contentId !== d.contentId).slice(0, 3));
    expect((await row(learner.id)).computed_at).toEqual(computedAt);

    const popularBefore = before.find((entry) => entry.contentId === popular.contentId)!;
    expect(popularBefore.reasons).toEqual([{ kind: 'popular', learners: 2 }]);
    await payFor(store, randomUUID(), [popular]);
    const counted = await eventually(
      async () => {
        const pick = (await list(learner)).find((entry) => entry.contentId === popular.contentId)!;
        return pick.reasons[0]!.learners === (popularBefore.reasons[0]!.learners as number) + 1 ? pick : undefined;
      },
      10_000,
      'the new buyer counted',
    );
    expect(counted.reasons[0]!.learners).toBe((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases WHERE content_id = $1`, [popular.contentId]))[0].n);
  });

  it('serves the live list from a purchase on, until the worker has computed the row again', async () => {
    await payFor(store, learner.id, [b]);
    const after = await eventually(
      async () => {
        const items = await list(learner);
        return items.some((entry) => entry.contentId === b.contentId) ? undefined : items;
      },
      5_000,
      'the purchase in the list',
    );
    expect(after.map((entry) => entry.contentId)).not.toContain(b.contentId);
    const recomputed = await eventually(
      async () => {
        const stored = await row(learner.id);
        return stored.basis.includes(b.contentId) ? stored : undefined;
      },
      10_000,
      'the row recomputed',
    );
    expect([...recomputed.basis].sort()).toEqual([a.contentId, b.contentId].sort());
    expect(await list(learner)).toEqual(await live(learner));
  });

  it('gives a learner with no row (new since the batch) the live list, and computes none until they interact', async () => {
    const newcomer = await app.user('precomputed-newcomer');
    expect(await row(newcomer.id)).toBeUndefined();
    expect(await list(newcomer)).toEqual(await live(newcomer));
    expect(await row(newcomer.id)).toBeUndefined();
  });
});
