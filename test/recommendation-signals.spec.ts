import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '#platform';
import { assignVariant, type ExperimentVariant, RecommendationProcessor } from '#recommendation';
import { SIGNAL_WEIGHTS } from '../libs/recommendation/src/domain/signals.js';
import { approveItem, completeLesson, openLesson, payFor, postReview, type RecoItem, withdrawReview } from './support/reco-events.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

const EXPERIMENTS = '/api/v1/admin/recommendations/experiments';

interface Pick {
  contentId: string;
  score: number;
  reasons: { kind: string; learners?: number; outOf?: number }[];
}

/**
 * Implicit feedback besides purchases (domain/signals.ts): views, completions and high ratings are
 * relayed into rec_signals and weigh in user-kNN (served here through an A/B experiment, over HTTP)
 * and in the batch; a withdrawn review withdraws its signal; replays change nothing.
 */
describe('recommendation: completions, ratings and views as signals', () => {
  let app: TestApp;
  let store: EventStore;
  let admin: string;
  const creator = randomUUID();
  const other = randomUUID();
  const item = (n: number, creatorId = n % 2 === 0 ? creator : other): RecoItem => ({ contentId: randomUUID(), creatorId, title: `Signal item ${n}` });
  const a = Array.from({ length: 8 }, (_, n) => item(n));
  const variants: ExperimentVariant[] = [
    { model: 'hybrid', share: 50 },
    { model: 'user-knn', share: 50 },
  ];
  /** Signed-in learners the running experiment serves user-kNN. */
  const knnLearners: TestUser[] = [];
  const [n1, n2, n3] = [randomUUID(), randomUUID(), randomUUID()];

  const serve = async (user: TestUser): Promise<Pick[]> => {
    const response = await app.request('GET', '/api/v1/me/recommendations?limit=20', { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body.experiment?.variant).toBe('user-knn');
    return response.body.items;
  };
  const knnPicks = (picks: Pick[]) => picks.filter((pick) => pick.reasons.some((reason) => reason.kind === 'similar-learners'));
  const neighboursOf = async (userId: string): Promise<string[] | undefined> =>
    (await app.sql(`SELECT neighbour_ids FROM rec_user_neighbours WHERE user_id = $1`, [userId]))[0]?.neighbour_ids;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { RECOMMENDATION_MAX_PER_CREATOR: '3' } });
    store = app.api.get(EventStore);
    admin = await app.adminToken();
    for (const published of a) await approveItem(store, published);
    // n1 bought a0 a1 a2, n2 a0 a3, n3 a5 a6.
    await payFor(store, n1, [a[0]!, a[1]!, a[2]!]);
    await payFor(store, n2, [a[0]!, a[3]!]);
    await payFor(store, n3, [a[5]!, a[6]!]);
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases`))[0].n === 7 ? true : undefined), 20_000, 'purchases relayed');
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_items`))[0].n === 8 ? true : undefined), 20_000, 'items relayed');
    const created = await app.request('POST', EXPERIMENTS, { token: admin, body: { name: 'signals', variants } });
    expect(created.status).toBe(201);
    for (let n = 0; knnLearners.length < 2 && n < 40; n++) {
      const user = await app.user(`reco-signals-${n}`);
      if (assignVariant(created.body.id, user.id, variants).model === 'user-knn') knnLearners.push(user);
    }
    expect(knnLearners).toHaveLength(2);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('recommends to a learner who bought nothing, from what they viewed and completed, with the declared weights', async () => {
    const viewer = knnLearners[0]!;
    // A free preview of a0 opened (twice, two lessons: one view) and a lesson of a1 completed (as a member would), nothing bought.
    await openLesson(store, viewer.id, a[0]!);
    await openLesson(store, viewer.id, a[0]!);
    await completeLesson(store, viewer.id, a[1]!);
    // Cosine over the weighted vectors: the viewer (a0: view, a1: completion) against n1 (a0 a1 a2) and n2 (a0 a3).
    const view = SIGNAL_WEIGHTS.view;
    const completion = SIGNAL_WEIGHTS.completion;
    const norm = Math.hypot(view, completion);
    const sim1 = (view + completion) / (norm * Math.sqrt(3));
    const sim2 = view / (norm * Math.sqrt(2));
    const scoreOf = (picks: Pick[], id: string) => picks.find((pick) => pick.contentId === id)?.score ?? 0;
    // Served once both signals are relayed (the view alone gives other scores).
    const picks = await eventually(async () => {
      const served = knnPicks(await serve(viewer));
      return Math.abs(scoreOf(served, a[2]!.contentId) - sim1 / (sim1 + sim2)) < 1e-10 ? served : undefined;
    }, 30_000, 'the viewer served from their neighbours, both signals counted');
    expect(scoreOf(picks, a[3]!.contentId)).toBeCloseTo(sim2 / (sim1 + sim2), 10);
    expect(picks.find((pick) => pick.contentId === a[2]!.contentId)!.reasons).toContainEqual({ kind: 'similar-learners', learners: 1, outOf: 2 });
    expect(await app.sql(`SELECT kind FROM rec_signals WHERE user_id = $1 ORDER BY kind`, [viewer.id])).toEqual([{ kind: 'completion' }, { kind: 'view' }]);
    expect(await app.sql(`SELECT 1 FROM rec_purchases WHERE user_id = $1`, [viewer.id])).toEqual([]);
    // n3 shares nothing with the viewer: nothing of theirs.
    expect(picks.map((pick) => pick.contentId)).not.toContain(a[6]!.contentId);
  });

  it('counts a high rating while the review stands; a withdrawn review (a refund) withdraws it, and the list follows', async () => {
    const rater = knnLearners[1]!;
    // Bought a2 and a5 and rated a2 5 stars: a2 weighs purchase + high rating, so n1 (a0 a1 a2) is closer than n3 (a5 a6).
    await payFor(store, rater.id, [a[2]!, a[5]!]);
    await postReview(store, rater.id, a[2]!, 5);
    const rated = Math.hypot(SIGNAL_WEIGHTS.purchase + SIGNAL_WEIGHTS['high-rating'], SIGNAL_WEIGHTS.purchase);
    const expectedN1 = (SIGNAL_WEIGHTS.purchase + SIGNAL_WEIGHTS['high-rating']) / (rated * Math.sqrt(3));
    const expectedN3 = SIGNAL_WEIGHTS.purchase / (rated * Math.sqrt(2));
    expect(expectedN1).toBeGreaterThan(expectedN3);
    const byScore = (picks: Pick[]) => knnPicks(picks).map((pick) => pick.contentId);
    await eventually(async () => {
      const order = byScore(await serve(rater));
      const [a1, a6] = [order.indexOf(a[1]!.contentId), order.indexOf(a[6]!.contentId)];
      return a1 >= 0 && a6 >= 0 && a1 < a6 ? true : undefined;
    }, 30_000, 'n1\'s items first while the rating stands');
    const [row] = await app.sql(`SELECT active FROM rec_signals WHERE user_id = $1 AND content_id = $2 AND kind = 'high-rating'`, [rater.id, a[2]!.contentId]);
    expect(row).toEqual({ active: true });

    await withdrawReview(store, rater.id, a[2]!, 5);
    // Both items now weigh a purchase: n3 (two items, one shared) is closer than n1 (three items, one shared).
    await eventually(async () => {
      const order = byScore(await serve(rater));
      const [a1, a6] = [order.indexOf(a[1]!.contentId), order.indexOf(a[6]!.contentId)];
      return a1 >= 0 && a6 >= 0 && a6 < a1 ? true : undefined;
    }, 30_000, 'n3\'s items first once the rating is withdrawn');
    expect(await app.sql(`SELECT active FROM rec_signals WHERE user_id = $1 AND content_id = $2 AND kind = 'high-rating'`, [rater.id, a[2]!.contentId])).toEqual([
      { active: false },
    ]);
  });

  it('ignores low ratings; replays, 30 at once, and an older rating relayed after the removal change nothing', async () => {
    const processor = app.worker!.get(RecommendationProcessor);
    const learner = randomUUID();
    const job = (type: string, data: Record<string, unknown>, globalPosition: number) =>
      ({ type, data, globalPosition, createdAt: new Date().toISOString(), streamId: `review-${a[4]!.contentId}-${learner}`, version: 1, schemaVersion: 1, metadata: {} }) as never;
    const posted = job('community.review-posted', { contentId: a[4]!.contentId, userId: learner, stars: 5, previousStars: null }, 1_000_000_001);
    const lowered = job('community.review-posted', { contentId: a[4]!.contentId, userId: learner, stars: 2, previousStars: 5 }, 1_000_000_002);
    const removed = job('community.review-removed', { contentId: a[4]!.contentId, userId: learner, stars: 2 }, 1_000_000_003);
    const state = async () => app.sql(`SELECT active FROM rec_signals WHERE user_id = $1 AND kind = 'high-rating'`, [learner]);

    await Promise.all(Array.from({ length: 30 }, () => processor.reviewPosted(posted)));
    expect(await state()).toEqual([{ active: true }]);
    await processor.reviewPosted(lowered);
    expect(await state()).toEqual([{ active: false }]);
    // Relayed late, the 5 stars do not come back; nor after the removal.
    await processor.reviewPosted(posted);
    expect(await state()).toEqual([{ active: false }]);
    await Promise.all(Array.from({ length: 30 }, () => processor.reviewRemoved(removed)));
    await processor.reviewPosted(posted);
    expect(await state()).toEqual([{ active: false }]);

    // 30 identical views of one item: one signal; the learner's neighbours computed once they have one.
    const viewed = job('catalog.lesson-opened', { userId: learner, contentId: a[0]!.contentId, lessonId: randomUUID(), openedAt: new Date().toISOString() }, 1_000_000_004);
    await Promise.all(Array.from({ length: 30 }, () => processor.lessonOpened(viewed)));
    expect(await app.sql(`SELECT kind, active FROM rec_signals WHERE user_id = $1 ORDER BY kind`, [learner])).toEqual([
      { kind: 'high-rating', active: false },
      { kind: 'view', active: true },
    ]);
    // Those who hold a0: n1 and n2 bought it, the first test's learner viewed it (the refresh runs on its own queue, coalesced).
    const expected = [n1, n2, knnLearners[0]!.id].sort().join();
    await eventually(async () => ((await neighboursOf(learner))?.slice().sort().join() === expected ? true : undefined), 5_000, 'the viewer\'s neighbours');
  });

  it('trains the batch on the signals: every learner gets user-kNN neighbours, and an item only viewed or completed gets a model neighbourhood', async () => {
    const watcher = randomUUID();
    // a7 is never bought: a learner who viewed a0 completes a lesson of it.
    await openLesson(store, watcher, a[0]!);
    await completeLesson(store, watcher, a[7]!);
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_signals WHERE user_id = $1`, [watcher]))[0].n === 2 ? true : undefined), 10_000, 'signals relayed');
    const requested = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: await app.adminToken() });
    expect(requested.status).toBe(202);
    const batchId = `event-${(requested.body as { eventPosition: number }).eventPosition}`;
    await eventually(async () => (await app.sql(`SELECT 1 FROM rec_current_batch WHERE batch_id = $1`, [batchId]))[0], 60_000, 'the requested batch switched in');
    // The model links a7 to a0 through the watcher; nobody bought both, which is what the evidence count says.
    const rows = await app.sql(
      `SELECT n.neighbour_id, n.co_purchases FROM rec_current_batch b JOIN rec_model_neighbours n ON n.batch_id = b.batch_id WHERE n.content_id = $1`,
      [a[7]!.contentId],
    );
    expect(rows).toContainEqual({ neighbour_id: a[0]!.contentId, co_purchases: 0 });
    // Co-purchase neighbours stay purchases only: a7 has none.
    expect(await app.sql(`SELECT 1 FROM rec_current_batch b JOIN rec_neighbours n ON n.batch_id = b.batch_id WHERE n.content_id = $1`, [a[7]!.contentId])).toEqual([]);
    // Everyone with an interaction has neighbours as the batch computed them; n2's include the watcher (a0).
    expect(await neighboursOf(n2)).toContain(watcher);
    expect(await neighboursOf(watcher)).toEqual(expect.arrayContaining([n1, n2]));
  });
});
