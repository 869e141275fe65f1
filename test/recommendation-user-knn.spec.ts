import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '#platform';
import { GetMyRecommendations, type Recommendation } from '#recommendation';
import { Interactions } from '../libs/recommendation/src/models/interactions.js';
import { UserKnn } from '../libs/recommendation/src/models/user-knn.js';
import { USER_NEIGHBOURS_SQL } from '../libs/recommendation/src/queries/user-knn-sql.js';
import { approveItem, payFor, type RecoItem } from './support/reco-events.js';
import { eventually, TestApp } from './support/test-app.js';

/**
 * User-based kNN served at read time: the same predictions as the model reco:eval measures
 * (models/user-knn.ts), a `similar-learners` reason whose count SQL confirms, and the serving
 * rules of the hybrid (nothing owned, own or unpublished; at most RECOMMENDATION_MAX_PER_CREATOR
 * of one creator).
 */
describe('recommendation: user-based kNN as a served model', () => {
  let app: TestApp;
  let store: EventStore;
  const learner = randomUUID();
  const creator = randomUUID();
  const other = randomUUID();
  const item = (n: number, creatorId = creator): RecoItem => ({ contentId: randomUUID(), creatorId, title: `Item ${n}` });
  // i0..i2 the learner bought; i3 commerce granted them (not relayed as a purchase); i4..i9 creator's, j0..j2 another's.
  const i = Array.from({ length: 10 }, (_, n) => item(n));
  const j = Array.from({ length: 3 }, (_, n) => item(100 + n, other));
  const ownCourse = item(200, learner);
  const unpublished = item(300);
  const neighbours = Array.from({ length: 8 }, () => randomUUID());

  async function serve(limit = 50): Promise<Recommendation[]> {
    return (await app.api.get(QueryBus).execute(new GetMyRecommendations(learner, limit, 'user-knn'))).items;
  }

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { RECOMMENDATION_MAX_PER_CREATOR: '3' } });
    store = app.api.get(EventStore);
    for (const published of [...i, ...j, ownCourse]) await approveItem(store, published);
    // Neighbours overlapping the learner to different degrees; each holds some of what the learner lacks.
    const baskets: RecoItem[][] = [
      [i[0]!, i[1]!, i[2]!, i[4]!, i[5]!, ownCourse, unpublished],
      [i[0]!, i[1]!, i[4]!, i[6]!, j[0]!],
      [i[0]!, i[3]!, i[5]!, i[7]!, i[8]!, j[1]!],
      [i[2]!, i[4]!, i[9]!, j[0]!, j[2]!, i[3]!],
      [i[1]!, i[5]!, i[6]!, i[7]!, unpublished],
      [i[0]!, i[8]!],
      // Shares only i3 with the learner, which commerce granted them: no interaction, never a neighbour.
      [i[3]!, i[9]!, j[2]!],
      // Shares nothing with the learner: never a neighbour.
      [i[4]!, i[5]!, i[6]!, j[1]!],
    ];
    for (const [n, basket] of baskets.entries()) await payFor(store, neighbours[n]!, basket);
    const purchases = baskets.reduce((sum, basket) => sum + basket.length, 0);
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases`))[0].n === purchases ? true : undefined), 20_000, 'purchases relayed');
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_items`))[0].n === 14 ? true : undefined), 20_000, 'items relayed');
    // The learner buys last: relaying the purchase computes their neighbours from everyone's purchases.
    await payFor(store, learner, [i[0]!, i[1]!, i[2]!]);
    await app.sql(
      `INSERT INTO commerce_access_grants (source_type, source_id, content_id, user_id, valid_from, granted_at) VALUES ('staff', $3, $2, $1, now(), now())`,
      [learner, i[3]!.contentId, randomUUID()],
    );
    await eventually(
      async () => ((await app.sql(`SELECT cardinality(neighbour_ids) AS n FROM rec_user_neighbours WHERE user_id = $1`, [learner]))[0]?.n > 0 ? true : undefined),
      20_000,
      'the learner\'s neighbours computed',
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('predicts Σ sim·x / Σ sim over the most similar learners, as the model reco:eval measures does', async () => {
    const served = await serve();
    const picks = served.filter((pick) => pick.reasons.some((reason) => reason.kind === 'similar-learners'));
    expect(picks.length).toBeGreaterThan(0);

    // The same data through models/user-knn.ts: published items only, the learner's history being their
    // relayed interactions (the three purchases, weight 1; the staff grant is no interaction).
    const rows: { user_id: string; content_id: string }[] = await app.sql(
      `SELECT p.user_id, p.content_id FROM rec_purchases p JOIN rec_items i USING (content_id) WHERE p.user_id <> $1`,
      [learner],
    );
    const users = [...new Set(rows.map((row) => row.user_id))];
    const items = [...new Set([...rows.map((row) => row.content_id), i[0]!.contentId, i[1]!.contentId, i[2]!.contentId, i[3]!.contentId])];
    const model = new UserKnn(
      Interactions.from(users.length, items.length, rows.map((row) => [users.indexOf(row.user_id), items.indexOf(row.content_id), 1] as const)),
      { k: 50 },
    );
    const history = [0, 1, 2].map((n) => items.indexOf(i[n]!.contentId)).sort((a, b) => a - b);
    const scores = new Float64Array(items.length);
    model.scoreHistory({ items: Int32Array.from(history), weights: new Float64Array(history.length).fill(1) }, scores);
    for (const pick of picks) expect(pick.score).toBeCloseTo(scores[items.indexOf(pick.contentId)]!, 10);
    // The best predictions the cap lets through come first, in the model's order.
    const order = picks.map((pick) => pick.score);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('gives each pick a similar-learners reason whose count SQL confirms', async () => {
    const served = await serve();
    // The learner bought i0..i2; a learner is a neighbour when they hold any of those (k = 50 takes all of them here).
    const [{ n: outOf }] = await app.sql(
      `SELECT count(DISTINCT p.user_id)::int AS n FROM rec_purchases p WHERE p.content_id = ANY($1::uuid[]) AND p.user_id <> $2`,
      [[0, 1, 2].map((n) => i[n]!.contentId), learner],
    );
    expect(outOf).toBe(6);
    for (const pick of served) {
      const reason = pick.reasons.find((candidate) => candidate.kind === 'similar-learners');
      if (!reason) continue;
      const [{ n }] = await app.sql(
        `SELECT count(DISTINCT held.user_id)::int AS n
           FROM rec_purchases held
          WHERE held.content_id = $1
            AND held.user_id IN (SELECT user_id FROM rec_purchases WHERE content_id = ANY($2::uuid[]) AND user_id <> $3)`,
        [pick.contentId, [0, 1, 2].map((k) => i[k]!.contentId), learner],
      );
      expect(reason).toEqual({ kind: 'similar-learners', learners: n, outOf });
    }
  });

  it('never offers what the learner owns (bought or granted), created, or what is not published; at most 3 of one creator', async () => {
    const served = await serve();
    const ids = served.map((pick) => pick.contentId);
    for (const n of [0, 1, 2, 3]) expect(ids).not.toContain(i[n]!.contentId);
    expect(ids).not.toContain(ownCourse.contentId);
    expect(ids).not.toContain(unpublished.contentId);
    const published = await app.sql(`SELECT content_id, creator_id FROM rec_items WHERE content_id = ANY($1::uuid[])`, [ids]);
    expect(published).toHaveLength(ids.length);
    const perCreator = new Map<string, number>();
    for (const row of published) perCreator.set(row.creator_id, (perCreator.get(row.creator_id) ?? 0) + 1);
    expect(Math.max(...perCreator.values())).toBe(3);
    // Six of the creator's items are predicted; the cap keeps three, then another creator's come in.
    expect(perCreator.get(creator)).toBe(3);
    expect(perCreator.get(other)).toBe(3);
  });

  it('follows a purchase within seconds: the buyer\'s neighbours are recomputed as it is relayed', async () => {
    const buyer = randomUUID();
    await payFor(store, buyer, [i[9]!]);
    const first = await eventually(async () => {
      const items = (await app.api.get(QueryBus).execute(new GetMyRecommendations(buyer, 50, 'user-knn'))).items;
      return items.some((pick) => pick.reasons.some((reason) => reason.kind === 'similar-learners')) ? items : undefined;
    }, 5_000, 'the first purchase served');
    // i9's holders (neighbours 3 and 6) hold j2 as well.
    expect(first.find((pick) => pick.contentId === j[2]!.contentId)?.reasons).toContainEqual({ kind: 'similar-learners', learners: 2, outOf: 2 });
    await payFor(store, buyer, [i[8]!]);
    // Now neighbours 2 and 5 (who hold i8) join: i0, which only they and others of the learner's kind hold, comes in.
    await eventually(async () => {
      const items = (await app.api.get(QueryBus).execute(new GetMyRecommendations(buyer, 50, 'user-knn'))).items;
      const reason = items.find((pick) => pick.contentId === i[0]!.contentId)?.reasons.find((r) => r.kind === 'similar-learners');
      return reason && reason.kind === 'similar-learners' && reason.outOf === 4 ? true : undefined;
    }, 5_000, 'the second purchase served');
  });

  it('serves a learner who owns nothing the popular fill only', async () => {
    const items = (await app.api.get(QueryBus).execute(new GetMyRecommendations(randomUUID(), 10, 'user-knn'))).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((pick) => pick.score === 0 && pick.reasons.every((reason) => ['popular', 'popular-in', 'new'].includes(reason.kind)))).toBe(true);
  });

  it('finds neighbours as the model does when an item passes RECOMMENDATION_USER_KNN_MAX_ITEM_LEARNERS: it links nobody', async () => {
    // i0 is held by 5 learners (neighbours 0, 1, 2, 5 and the learner), i1 by 4, i2 by 3: a cap of 4 leaves i0 out.
    const stored = async () =>
      (await app.sql(`SELECT neighbour_ids, similarities FROM rec_user_neighbours WHERE user_id = $1`, [learner]))[0] as { neighbour_ids: string[]; similarities: number[] };
    try {
      await app.sql(USER_NEIGHBOURS_SQL, [learner, 50, 4]);
      const capped = await stored();
      const rows: { user_id: string; content_id: string }[] = await app.sql(`SELECT p.user_id, p.content_id FROM rec_purchases p JOIN rec_items i USING (content_id)`);
      const users = [...new Set(rows.map((row) => row.user_id))].sort();
      const items = [...new Set(rows.map((row) => row.content_id))];
      const data = Interactions.from(users.length, items.length, rows.map((row) => [users.indexOf(row.user_id), items.indexOf(row.content_id), 1] as const));
      const self = users.indexOf(learner);
      const expected = new UserKnn(data, { k: 50, maxItemLearners: 4 }).neighboursOf(data.history(self), self);
      expect(capped.neighbour_ids).toEqual(expected.map((n) => users[n.user]));
      capped.similarities.forEach((similarity, at) => expect(similarity).toBeCloseTo(expected[at]!.similarity, 10));
      // Neighbours 2 and 5 shared only i0 with the learner: gone; 0, 1, 3 and 4 stay (through i1, i2).
      expect([...capped.neighbour_ids].sort()).toEqual([0, 1, 3, 4].map((n) => neighbours[n]!).sort());
    } finally {
      await app.sql(USER_NEIGHBOURS_SQL, [learner, 50, 1000]);
    }
    expect((await stored()).neighbour_ids).toHaveLength(6);
  });
});

