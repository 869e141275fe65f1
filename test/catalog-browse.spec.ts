import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, EventTypeRegistry, noMetadata } from '#platform';
import { publishContent } from './support/journeys.js';
import { eventually, type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

/** Community declares these (its lib lands separately); catalog only reads them by name. */
const COMMUNITY_REVIEW_EVENTS = { 'community.review-posted': { schemaVersion: 1 }, 'community.review-removed': { schemaVersion: 1 } };

describe('categories, classification and list filters and sorts over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let creator: TestUser;
  let otherCreator: TestUser;
  let learner: TestUser;
  let moderator: TestUser;

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    for (const registry of [app.api.get(EventTypeRegistry), app.worker!.get(EventTypeRegistry)]) {
      const declared = registry.declaredTypes();
      registry.register(Object.fromEntries(Object.entries(COMMUNITY_REVIEW_EVENTS).filter(([type]) => !declared.includes(type))));
    }
    [creator, otherCreator, learner, moderator] = await Promise.all([
      app.user('browse-creator', ['creator']),
      app.user('browse-other-creator', ['creator']),
      app.user('browse-learner'),
      app.user('browse-moderator', ['moderator']),
    ]);
    admin = await app.adminToken();
  });
  afterAll(async () => {
    await app.close();
  });

  const createCategory = async (slug: string, parentId: string | null = null): Promise<string> => {
    const created = await app.request('POST', '/api/v1/admin/categories', { token: admin, body: { slug, name: slug.toUpperCase(), parentId } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const tree = async () => (await app.request('GET', '/api/v1/categories')).body;
  const shape = (nodes: { slug: string; children: unknown[] }[]): unknown[] =>
    nodes.map((node) => (node.children.length ? { [node.slug]: shape(node.children as never) } : node.slug));
  const classify = (token: string, id: string, categoryId: string | null, tags: string[] = []) =>
    app.request('PUT', `/api/v1/contents/${id}/classification`, { token, body: { categoryId, tags } });
  const list = async (query: string, token?: string): Promise<string[]> => {
    const items: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpResponse = await app.request('GET', `/api/v1/contents?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      items.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };

  it('lets admins shape the tree: create, rename, move without cycles, reorder, delete only when empty', async () => {
    const tech = await createCategory('tech');
    const data = await createCategory('data', tech);
    const ml = await createCategory('ml', data);
    const arts = await createCategory('arts');
    expect(shape(await tree())).toEqual([{ tech: [{ data: ['ml'] }] }, 'arts']);

    const cycle = await app.request('POST', `/api/v1/admin/categories/${tech}/move`, { token: admin, body: { parentId: ml } });
    expect(cycle.status).toBe(422);
    expect(cycle.body.code).toBe('CATALOG.CATEGORY_CYCLE');
    const self = await app.request('POST', `/api/v1/admin/categories/${tech}/move`, { token: admin, body: { parentId: tech } });
    expect(self.body.code).toBe('CATALOG.CATEGORY_CYCLE');

    const moved = await app.request('POST', `/api/v1/admin/categories/${ml}/move`, { token: admin, body: { parentId: tech } });
    expect(moved.status).toBe(200);
    expect(shape(moved.body)).toEqual([{ tech: ['data', 'ml'] }, 'arts']);

    const reordered = await app.request('PUT', '/api/v1/admin/categories/order', { token: admin, body: { parentId: tech, order: [ml, data] } });
    expect(reordered.status).toBe(200);
    expect(shape(reordered.body)).toEqual([{ tech: ['ml', 'data'] }, 'arts']);
    const stale = await app.request('PUT', '/api/v1/admin/categories/order', { token: admin, body: { parentId: null, order: [arts] } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CATALOG.CATEGORY_ORDER_MISMATCH');

    const renamed = await app.request('PATCH', `/api/v1/admin/categories/${data}`, { token: admin, body: { slug: 'data-science', name: '数据科学' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body[0].children[1]).toMatchObject({ id: data, slug: 'data-science', name: '数据科学' });
    const taken = await app.request('PATCH', `/api/v1/admin/categories/${arts}`, { token: admin, body: { slug: 'tech', name: 'x' } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CATALOG.CATEGORY_SLUG_TAKEN');

    const notEmpty = await app.request('DELETE', `/api/v1/admin/categories/${tech}`, { token: admin });
    expect(notEmpty.status).toBe(409);
    expect(notEmpty.body.code).toBe('CATALOG.CATEGORY_NOT_EMPTY');
    expect((await app.request('DELETE', `/api/v1/admin/categories/${arts}`, { token: admin })).status).toBe(204);
    expect((await app.request('DELETE', `/api/v1/admin/categories/${arts}`, { token: admin })).status).toBe(404);
    expect(shape(await tree())).toEqual([{ tech: ['ml', 'data-science'] }]);
  });

  it('refuses the tree to everyone but admins, and bad input, changing nothing', async () => {
    const before = await tree();
    for (const token of [creator.token, learner.token, moderator.token]) {
      expect((await app.request('POST', '/api/v1/admin/categories', { token, body: { slug: 'x', name: 'x', parentId: null } })).status).toBe(403);
    }
    expect((await app.request('POST', '/api/v1/admin/categories', { body: { slug: 'x', name: 'x', parentId: null } })).status).toBe(401);
    for (const body of [
      { slug: 'Not A Slug', name: 'x', parentId: null },
      { slug: 'x--y', name: 'x', parentId: null },
      { slug: 'x', name: ' padded ', parentId: null },
      { slug: 'x', name: 'x' },
      { slug: 'x', name: 'x', parentId: 'not-a-uuid' },
      { slug: 'x\u0000', name: 'x', parentId: null },
      { slug: 'x'.repeat(10_000), name: 'x', parentId: null },
    ]) {
      const refused = await app.request('POST', '/api/v1/admin/categories', { token: admin, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const orphan = await app.request('POST', '/api/v1/admin/categories', { token: admin, body: { slug: 'orphan', name: 'x', parentId: randomUUID() } });
    expect(orphan.status).toBe(422);
    expect(orphan.body.code).toBe('CATALOG.PARENT_CATEGORY_NOT_FOUND');
    expect(await tree()).toEqual(before);
  });

  it('creates one category when 20 admins race for the same slug', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => app.request('POST', '/api/v1/admin/categories', { token: admin, body: { slug: 'race', name: 'Race', parentId: null } })),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(1);
    for (const result of results.filter((r) => r.status !== 201)) expect([409]).toContain(result.status);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM catalog_categories WHERE slug = 'race'`);
    expect(n).toBe(1);
  });

  it('lets a creator file their own content and tag it; lists filter by category subtree, tag, kind, price and creator', async () => {
    const root = await createCategory('lang');
    const python = await createCategory('python', root);
    const go = await createCategory('go', root);
    const [a, b, c, d] = await Promise.all([
      publishContent(app, creator, moderator.token, { title: 'A', priceCents: 0, kind: 'article' }),
      publishContent(app, creator, moderator.token, { title: 'B', priceCents: 500 }),
      publishContent(app, otherCreator, moderator.token, { title: 'C', priceCents: 900 }),
      publishContent(app, otherCreator, moderator.token, { title: 'D', priceCents: 100 }),
    ]);
    expect((await classify(creator.token, a!, python, ['pandas'])).status).toBe(200);
    const filed = await classify(creator.token, b!, go, ['pandas', 'go']);
    expect(filed.status).toBe(200);
    expect(filed.body.tags).toEqual(['pandas', 'go']);
    expect((await classify(otherCreator.token, c!, root)).status).toBe(200);

    // Another creator's content, and a learner's attempt, are refused; nothing changes.
    const bola = await classify(otherCreator.token, a!, go);
    expect(bola.status).toBe(404);
    expect(bola.body.code).toBe('CATALOG.CONTENT_NOT_FOUND');
    expect((await classify(learner.token, a!, go)).status).toBe(403);
    const unknown = await classify(creator.token, a!, randomUUID());
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('CATALOG.UNKNOWN_CATEGORY');
    expect((await app.request('PUT', `/api/v1/contents/${a}/classification`, { token: creator.token, body: { tags: [] } })).status).toBe(400);

    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await list('category=lang'))).toEqual(sorted([a!, b!, c!]));
    expect(await list('category=python')).toEqual([a]);
    expect(await list('category=go')).toEqual([b]);
    expect(sorted(await list('category=lang&tag=pandas'))).toEqual(sorted([a!, b!]));
    expect(await list('category=lang&kind=article')).toEqual([a]);
    expect(await list('category=lang&price=free')).toEqual([a]);
    expect(sorted(await list('category=lang&price=paid'))).toEqual(sorted([b!, c!]));
    expect(await list(`category=lang&creator=${otherCreator.id}`)).toEqual([c]);
    expect(await list(`creator=${otherCreator.id}&price=paid&sort=price_asc`)).toEqual([d, c]);

    // A category with contents is not empty; its slug in a filter must exist.
    expect((await app.request('DELETE', `/api/v1/admin/categories/${python}`, { token: admin })).body.code).toBe('CATALOG.CATEGORY_NOT_EMPTY');
    const missing = await app.request('GET', '/api/v1/contents?category=nope');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('CATALOG.UNKNOWN_CATEGORY_SLUG');
    for (const bad of ['sort=cheapest', 'price=cheap', 'creator=me', 'kind=podcast', 'category=NOT%20A%20SLUG', 'sort=popular&cursor=bogus']) {
      const refused = await app.request('GET', `/api/v1/contents?${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    // A newest-sort cursor is not a price-sort cursor.
    const firstNewest = await app.request('GET', '/api/v1/contents?limit=1');
    expect((await app.request('GET', `/api/v1/contents?sort=price_asc&cursor=${firstNewest.body.nextCursor}`)).status).toBe(400);
  });

  it('sorts by price, popularity (paid orders) and rating (reviews), paging exactly once through ties', async () => {
    const category = await createCategory('sorts');
    const ids: string[] = [];
    for (const price of [300, 100, 300, 200, 300]) {
      const id = await publishContent(app, creator, moderator.token, { title: `p${price}`, priceCents: price });
      expect((await classify(creator.token, id, category)).status).toBe(200);
      ids.push(id);
    }
    const [p300a, p100, p300b, p200, p300c] = ids as [string, string, string, string, string];
    const byIdDesc = (...tied: string[]) => [...tied].sort().reverse();
    const byIdAsc = (...tied: string[]) => [...tied].sort();
    expect(await list('category=sorts&sort=price_asc')).toEqual([p100, p200, ...byIdAsc(p300a, p300b, p300c)]);
    expect(await list('category=sorts&sort=price_desc')).toEqual([...byIdDesc(p300a, p300b, p300c), p200, p100]);

    // Popularity from commerce's paid orders (and a full refund takes one back); ratings from community's reviews.
    const store = app.api.get(EventStore);
    const paid = async (contentIds: string[]) => {
      const orderId = randomUUID();
      await store.append({
        streamId: `order-${orderId}`,
        streamType: 'order',
        expectedVersion: 0,
        events: [
          {
            type: 'commerce.order-paid',
            data: { orderId, buyerId: randomUUID(), paymentId: randomUUID(), providerEventId: randomUUID(), amountCents: contentIds.length, currency: 'CNY', items: contentIds.map((contentId) => ({ contentId, creatorId: creator.id, priceCents: 1, platformFeeCents: 0 })) },
          },
        ],
        metadata: noMetadata(),
      });
      return orderId;
    };
    await paid([p200, p300b]);
    await paid([p200]);
    await paid([p200]);
    await paid([p300b]);
    const refunded = await paid([p100]);
    await store.append({
      streamId: `order-${refunded}`,
      streamType: 'order',
      expectedVersion: 1,
      events: [
        {
          type: 'commerce.order-refunded',
          data: { orderId: refunded, refundId: randomUUID(), buyerId: randomUUID(), paymentId: randomUUID(), providerEventId: randomUUID(), amountCents: 1, currency: 'CNY', items: [{ contentId: p100, creatorId: creator.id, refundedCents: 1, feeRefundedCents: 0 }], fullyRefunded: true },
        },
      ],
      metadata: noMetadata(),
    });
    const review = async (contentId: string, userId: string, stars: number, previousStars: number | null) =>
      store.append({
        streamId: `review-${contentId}-${userId}`,
        streamType: 'review',
        expectedVersion: previousStars === null ? 0 : 1,
        events: [{ type: 'community.review-posted', data: { contentId, userId, stars, previousStars } }],
        metadata: noMetadata(),
      });
    const [u1, u2, u3] = [randomUUID(), randomUUID(), randomUUID()];
    await review(p100, u1, 5, null);
    await review(p100, u2, 4, null); // 4.5
    await review(p300c, u1, 2, null);
    await review(p300c, u1, 5, 2); // changed its mind: 5.0 from one review
    await review(p200, u3, 3, null);
    await store.append({
      streamId: `review-${p200}-${u3}`,
      streamType: 'review',
      expectedVersion: 1,
      events: [{ type: 'community.review-removed', data: { contentId: p200, userId: u3, stars: 3 } }],
      metadata: noMetadata(),
    });

    // Caught up once the subscription's checkpoint has passed the last event (the review's removal): the
    // stats alone cannot say so, since p200 also has no rating before its review is projected.
    await eventually(async () => {
      const [caughtUp] = await app.sql(
        `SELECT EXISTS (SELECT 1 FROM projection_checkpoints c JOIN events e ON e.stream_id = $1 AND e.version = 2
                         WHERE c.name = 'catalog-content-stats' AND (c.transaction_id, c.position) >= (e.transaction_id, e.global_position)) AS done`,
        [`review-${p200}-${u3}`],
      );
      return caughtUp!.done === true;
    }, 20_000, 'the stats subscription to catch up');

    const stats = await app.sql(`SELECT content_id, buyers, rating_count, rating_sum, rating_centi FROM catalog_content_stats WHERE content_id = ANY($1::uuid[]) ORDER BY content_id`, [ids]);
    expect(Object.fromEntries(stats.map((row) => [row.content_id, [row.buyers, row.rating_count, row.rating_sum, row.rating_centi]]))).toEqual({
      [p100]: [0, 2, 9, 450],
      [p200]: [3, 0, 0, 0],
      [p300b]: [2, 0, 0, 0],
      [p300c]: [0, 1, 5, 500],
    });
    expect(await list('category=sorts&sort=popular')).toEqual([p200, p300b, ...byIdDesc(p300a, p100, p300c)]);
    expect(await list('category=sorts&sort=rating')).toEqual([p300c, p100, ...byIdDesc(p300a, p300b, p200)]);
  });
});
