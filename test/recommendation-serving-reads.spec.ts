import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, noMetadata } from '#platform';
import { RecommendationReadModel } from '../libs/recommendation/src/projections/recommendation-read-model.js';
import { approveItem, payFor, type RecoItem } from './support/reco-events.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

interface Listed {
  contentId: string;
  reasons: Record<string, unknown>[];
}

/**
 * What the learner's list reads instead of sorting and counting at scale: each item's category on
 * its published row (the per-category popularity index) and its learners (rec_item_learners). Both
 * are copies the projector keeps; these tests show they always equal what they copy, whatever order
 * the relay delivers in and however often, and that the list's reasons say so.
 */
describe('recommendation: the copies a learner\'s list reads (category per item, learners per item)', () => {
  let app: TestApp;
  let store: EventStore;
  let learner: TestUser;
  const categoryA = { id: randomUUID(), name: 'Alpha' };
  const categoryB = { id: randomUUID(), name: 'Beta' };
  // Each its own creator: the per-creator cap does not shorten the lists read here.
  const item = (title: string): RecoItem => ({ contentId: randomUUID(), creatorId: randomUUID(), title });
  const i1 = item('Classified before approval');
  const i2 = item('Classified after approval');
  const i3 = item('Filed under Beta');
  const i4 = item('Filed under nothing');
  const catalogue = [i1, i2, i3, i4];

  const classify = (contentId: string, categoryId: string) =>
    store.append({
      streamId: `content-${contentId}`,
      streamType: 'content',
      expectedVersion: 'any',
      events: [{ type: 'catalog.content-classified', data: { contentId, categoryId, tags: [] } }],
      metadata: noMetadata(),
    });
  const list = async (): Promise<Listed[]> => {
    const response = await app.request('GET', '/api/v1/me/recommendations?limit=10', { token: learner.token });
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const recount = () => app.sql(`SELECT content_id, count(*)::int AS learners FROM rec_purchases GROUP BY content_id ORDER BY content_id`);
  const copies = () => app.sql(`SELECT content_id, learners FROM rec_item_learners ORDER BY content_id`);
  /** Published items whose copied category differs from their classification: always none. */
  const outOfStep = () =>
    app.sql(`SELECT i.content_id, i.category_id, c.category_id AS classified FROM rec_items i LEFT JOIN rec_item_classes c USING (content_id) WHERE i.category_id IS DISTINCT FROM c.category_id`);

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    store = app.api.get(EventStore);
    learner = await app.user('reads-learner');
    await store.append({
      streamId: 'category-tree',
      streamType: 'category-tree',
      expectedVersion: 'any',
      events: [categoryA, categoryB].map((category, position) => ({
        type: 'catalog.category-created',
        data: { categoryId: category.id, parentId: null, slug: category.name.toLowerCase(), name: category.name, position },
      })),
      metadata: noMetadata(),
    });
    // i1's classification is on its stream before its approval; the others' after.
    await classify(i1.contentId, categoryA.id);
    await store.append({
      streamId: `content-${i1.contentId}`,
      streamType: 'content',
      expectedVersion: 1,
      events: [
        {
          type: 'catalog.content-approved',
          data: { contentId: i1.contentId, moderatorId: randomUUID(), creatorId: i1.creatorId, kind: 'course', title: i1.title, summary: 'x', priceCents: 1000, currency: 'CNY', tags: [], publishedAt: new Date().toISOString() },
        },
      ],
      metadata: noMetadata(),
    });
    for (const later of [i2, i3, i4]) await approveItem(store, later);
    await classify(i2.contentId, categoryA.id);
    await classify(i3.contentId, categoryB.id);
    await payFor(store, randomUUID(), catalogue);
    await payFor(store, randomUUID(), [i2]);
    // The learner owns nothing (no model picks, whatever batch runs) and opened a lesson of i1: Alpha is theirs.
    await store.append({
      streamId: `progress-${learner.id}-${i1.contentId}`,
      streamType: 'progress',
      expectedVersion: 'any',
      events: [{ type: 'catalog.lesson-opened', data: { userId: learner.id, contentId: i1.contentId, lessonId: randomUUID(), lessonCount: 3, openedAt: new Date().toISOString() } }],
      metadata: noMetadata(),
    });
    await eventually(
      async () => {
        const [row] = await app.sql(
          `SELECT (SELECT count(*) FROM rec_items)::int AS items, (SELECT count(*) FROM rec_purchases)::int AS purchases,
                  (SELECT count(*) FROM rec_item_classes)::int AS classes, (SELECT count(*) FROM rec_browsed)::int AS browsed`,
        );
        return row.items === 4 && row.purchases === 5 && row.classes === 3 && row.browsed === 1 ? true : undefined;
      },
      20_000,
      'items, classes and purchases relayed',
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** The list's items as [id, reasons], the learner's categories' items first (as a set: equal counts go newest first). */
  const tiers = (items: Listed[], first: number) => [
    new Map(items.slice(0, first).map((entry) => [entry.contentId, entry.reasons])),
    new Map(items.slice(first).map((entry) => [entry.contentId, entry.reasons])),
  ];
  const learnersOf = async () => new Map((await recount()).map((row) => [row.content_id, row.learners as number]));

  it('files an item under its category whichever of approval and classification arrives first, and moves it when it is reclassified', async () => {
    expect(await outOfStep()).toEqual([]);
    expect(await app.sql(`SELECT content_id, category_id FROM rec_items WHERE category_id IS NOT NULL ORDER BY content_id`)).toEqual(
      [
        { content_id: i1.contentId, category_id: categoryA.id },
        { content_id: i2.contentId, category_id: categoryA.id },
        { content_id: i3.contentId, category_id: categoryB.id },
      ].sort((a, b) => a.content_id.localeCompare(b.content_id)),
    );
    // The learner browsed Alpha: its items first, then the others, each with the learners who bought it.
    const inAlpha = (learners: number) => [{ kind: 'popular-in', category: 'Alpha', categoryId: categoryA.id, learners }];
    expect(tiers(await list(), 2)).toEqual([
      new Map([
        [i1.contentId, inAlpha(1)],
        [i2.contentId, inAlpha(2)],
      ]),
      new Map([
        [i3.contentId, [{ kind: 'popular', learners: 1 }]],
        [i4.contentId, [{ kind: 'popular', learners: 1 }]],
      ]),
    ]);

    // i2 moves to Beta, i3 to Alpha.
    await classify(i2.contentId, categoryB.id);
    await classify(i3.contentId, categoryA.id);
    await eventually(async () => ((await app.sql(`SELECT 1 FROM rec_items WHERE content_id = $1 AND category_id = $2`, [i3.contentId, categoryA.id]))[0] ? true : undefined), 15_000, 'i3 refiled');
    await eventually(async () => ((await app.sql(`SELECT 1 FROM rec_items WHERE content_id = $1 AND category_id = $2`, [i2.contentId, categoryB.id]))[0] ? true : undefined), 15_000, 'i2 refiled');
    expect(await outOfStep()).toEqual([]);
    expect(tiers(await list(), 2)).toEqual([
      new Map([
        [i1.contentId, inAlpha(1)],
        [i3.contentId, inAlpha(1)],
      ]),
      new Map([
        [i2.contentId, [{ kind: 'popular', learners: 2 }]],
        [i4.contentId, [{ kind: 'popular', learners: 1 }]],
      ]),
    ]);

    // An older classification delivered late (a retry) moves nothing back.
    const readModel = app.worker!.get(RecommendationReadModel, { strict: false });
    expect(await readModel.recordClassification({ contentId: i2.contentId, categoryId: categoryA.id, tags: [] }, 1)).toBe(false);
    expect(await app.sql(`SELECT category_id FROM rec_items WHERE content_id = $1`, [i2.contentId])).toEqual([{ category_id: categoryB.id }]);
  });

  it('takes the category from the classification when an item is published again after leaving the catalogue', async () => {
    const readModel = app.worker!.get(RecommendationReadModel, { strict: false });
    const [{ position }] = await app.sql(`SELECT max(global_position)::bigint AS position FROM events`);
    const at = Number(position) + 1_000;
    expect(await readModel.recordUnlistedItem(i4.contentId, at)).toBe(true);
    expect(await readModel.recordClassification({ contentId: i4.contentId, categoryId: categoryB.id, tags: [] }, at + 1)).toBe(true);
    expect(await app.sql(`SELECT 1 FROM rec_items WHERE content_id = $1`, [i4.contentId])).toEqual([]);
    const republished = { contentId: i4.contentId, title: i4.title, kind: 'course', creatorId: i4.creatorId, publishedAt: new Date().toISOString() };
    expect(await readModel.recordPublishedItem(republished, at + 2)).toBe(true);
    expect(await app.sql(`SELECT category_id FROM rec_items WHERE content_id = $1`, [i4.contentId])).toEqual([{ category_id: categoryB.id }]);
    expect(await outOfStep()).toEqual([]);
  });

  it('counts each learner once per item, as a recount does, when one order is recorded 30 times at once and overlapping orders race', async () => {
    expect(await copies()).toEqual(await recount());
    const readModel = app.worker!.get(RecommendationReadModel, { strict: false });
    const buyer = randomUUID();
    const at = new Date().toISOString();
    // Relay retries racing, the items in both orders (two transactions taking row locks in opposite orders would deadlock).
    const inserted = await Promise.all(
      Array.from({ length: 30 }, (_, n) => readModel.recordPurchases(buyer, n % 2 === 0 ? [i3.contentId, i4.contentId] : [i4.contentId, i3.contentId, i2.contentId], at)),
    );
    expect(inserted.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(await copies()).toEqual(await recount());
    // And the list says so: i2 bought by three learners now, i3 and i4 by two.
    const learners = await learnersOf();
    expect([learners.get(i2.contentId), learners.get(i3.contentId), learners.get(i4.contentId)]).toEqual([3, 2, 2]);
    expect(tiers(await list(), 2)).toEqual([
      new Map([
        [i1.contentId, [{ kind: 'popular-in', category: 'Alpha', categoryId: categoryA.id, learners: 1 }]],
        [i3.contentId, [{ kind: 'popular-in', category: 'Alpha', categoryId: categoryA.id, learners: 2 }]],
      ]),
      new Map([
        [i2.contentId, [{ kind: 'popular', learners: 3 }]],
        [i4.contentId, [{ kind: 'popular', learners: 2 }]],
      ]),
    ]);
  });

  it('publishes and classifies one item at the same moment, 30 times over, and never leaves its category behind', async () => {
    const readModel = app.worker!.get(RecommendationReadModel, { strict: false });
    const [{ position }] = await app.sql(`SELECT max(global_position)::bigint AS position FROM events`);
    const base = Number(position) + 10_000;
    const raced = Array.from({ length: 30 }, (_, n) => ({ contentId: randomUUID(), title: `Raced ${n}`, kind: 'course', creatorId: randomUUID(), publishedAt: new Date().toISOString() }));
    await Promise.all(
      raced.flatMap((published, n) => [
        readModel.recordPublishedItem(published, base + 2 * n),
        readModel.recordClassification({ contentId: published.contentId, categoryId: n % 2 === 0 ? categoryA.id : categoryB.id, tags: [] }, base + 2 * n + 1),
      ]),
    );
    expect(await app.sql(`SELECT count(*)::int AS n FROM rec_items WHERE content_id = ANY($1::uuid[]) AND category_id IS NOT NULL`, [raced.map((r) => r.contentId)])).toEqual([{ n: 30 }]);
    expect(await outOfStep()).toEqual([]);
  });
});
