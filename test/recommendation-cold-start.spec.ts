import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/**
 * Cold start (issue 10) over HTTP: a newcomer's list fills with the most bought items of the
 * categories they chose, and an item published after the last batch has content neighbours
 * within seconds, not at the next batch.
 */
describe('recommendation cold start: chosen interests and new items', () => {
  let app: TestApp;
  let admin: string;
  let moderator: TestUser;
  const category: Record<'data' | 'systems' | 'art', { id: string; name: string }> = {
    data: { id: '', name: '数据科学' },
    systems: { id: '', name: '系统编程' },
    art: { id: '', name: '艺术' },
  };
  const item: Record<'data' | 'sys1' | 'sys2' | 'art', string> = { data: '', sys1: '', sys2: '', art: '' };

  async function createCategory(slug: string, name: string): Promise<string> {
    const created = await app.request('POST', '/api/v1/admin/categories', { token: admin, body: { slug, name, parentId: null } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** Publishes an item of its own creator (the per-creator cap stays out of the way) filed under a category. */
  async function publish(title: string, summary: string, tags: string[], categoryId: string): Promise<string> {
    const creator = await app.user('creator', ['creator']);
    const id = await publishContent(app, creator, moderator.token, { title, summary, tags });
    const classified = await app.request('PUT', `/api/v1/contents/${id}/classification`, { token: creator.token, body: { categoryId, tags } });
    expect(classified.status).toBe(200);
    return id;
  }

  async function buy(buyer: TestUser, contentIds: string[]): Promise<void> {
    const order = await placeOrder(app, buyer, contentIds);
    expect(order.status).toBe(201);
    const paid = await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents });
    expect(paid.status).toBe(200);
  }

  async function rebuild(): Promise<void> {
    const requested = await app.request('POST', '/api/v1/admin/recommendations/rebuild', { token: admin });
    expect(requested.status).toBe(202);
    await eventually(async () => (await app.sql(`SELECT 1 FROM rec_batches WHERE id = $1`, [`event-${requested.body.eventPosition}`]))[0], 30_000, 'the batch');
  }

  const interests = (user: TestUser) => app.request('GET', '/api/v1/me/interests', { token: user.token });
  const state = (user: TestUser, categoryIds: unknown) => app.request('PUT', '/api/v1/me/interests', { token: user.token, body: { categoryIds } });
  const recommendations = async (user: TestUser) => (await app.request('GET', '/api/v1/me/recommendations', { token: user.token })).body.items as {
    contentId: string;
    reasons: Record<string, unknown>[];
  }[];
  const eventsOf = (user: TestUser) =>
    app.sql<{ data: { categoryIds: string[] } }>(`SELECT data FROM events WHERE stream_id = $1 ORDER BY version`, [`recommendation-interests-${user.id}`]);

  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
    admin = await app.adminToken();
    moderator = await app.user('moderator', ['moderator']);
    category.data.id = await createCategory('data-science', category.data.name);
    category.systems.id = await createCategory('systems', category.systems.name);
    category.art.id = await createCategory('art', category.art.name);
    item.data = await publish('Pandas 数据清洗', '表格数据的整理与清洗', ['数据分析', 'pandas'], category.data.id);
    item.sys1 = await publish('Rust 系统编程', '所有权与并发', ['rust'], category.systems.id);
    item.sys2 = await publish('Linux 内核入门', '进程与内存', ['linux'], category.systems.id);
    item.art = await publish('Watercolour basics', 'Brushes and washes', ['watercolour'], category.art.id);
    // Most bought anywhere: art (3), then sys2 (2), then sys1 and data (1 each; data published first).
    const [b1, b2, b3, b4] = [await app.user('b1'), await app.user('b2'), await app.user('b3'), await app.user('b4')];
    await buy(b1, [item.art, item.sys2]);
    await buy(b2, [item.art, item.sys2]);
    await buy(b3, [item.art, item.sys1]);
    await buy(b4, [item.data]);
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_purchases`))[0].n === 7 ? true : undefined), 15_000, 'relayed purchases');
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_items WHERE category_id IS NOT NULL`))[0].n === 4 ? true : undefined), 15_000, 'relayed classifications');
    await eventually(async () => ((await app.sql(`SELECT count(*)::int AS n FROM rec_categories`))[0].n === 3 ? true : undefined), 15_000, 'relayed categories');
    // The batch counts each item's buyers (the popular fill's order).
    await rebuild();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  describe('interests a learner chose', () => {
    it('serves a newcomer the most bought items of the categories they chose first, each saying which category', async () => {
      const newcomer = await app.user('newcomer');
      const before = await recommendations(newcomer);
      // Equal counts: the newer first (sys1 was published after data).
      expect(before.map((pick) => pick.contentId)).toEqual([item.art, item.sys2, item.sys1, item.data]);

      const stated = await state(newcomer, [category.data.id]);
      expect(stated.status).toBe(200);
      expect(stated.body).toEqual({ categories: [{ id: category.data.id, name: category.data.name }] });

      const after = await recommendations(newcomer);
      expect(after.map((pick) => pick.contentId)).toEqual([item.data, item.art, item.sys2, item.sys1]);
      expect(after[0]!.reasons).toEqual([{ kind: 'popular-in', category: category.data.name, categoryId: category.data.id, learners: 1 }]);
      expect(after[1]!.reasons).toEqual([{ kind: 'popular', learners: 3 }]);
    });

    it('puts chosen categories before those of what the learner owns, and the catalogue after both', async () => {
      const learner = await app.user('owner');
      await buy(learner, [item.sys1]);
      await eventually(async () => (await app.sql(`SELECT 1 FROM rec_purchases WHERE user_id = $1`, [learner.id]))[0], 15_000, 'the purchase');
      expect((await state(learner, [category.data.id])).status).toBe(200);
      const popularIn = (await recommendations(learner)).flatMap((pick) => pick.reasons.filter((reason) => reason.kind === 'popular-in').map((reason) => [pick.contentId, reason.category]));
      // Data is chosen, systems is owned (sys1): data (1 buyer) before sys2 (2 buyers); art, bought with sys1, is a model pick.
      expect(popularIn).toEqual([
        [item.data, category.data.name],
        [item.sys2, category.systems.name],
      ]);
    });

    it('keeps each learner\'s interests their own: another reads only theirs, and an anonymous caller none', async () => {
      const [chooser, other] = [await app.user('chooser'), await app.user('other')];
      expect((await state(chooser, [category.systems.id])).status).toBe(200);
      expect((await interests(chooser)).body).toEqual({ categories: [{ id: category.systems.id, name: category.systems.name }] });
      expect((await interests(other)).body).toEqual({ categories: [] });
      expect((await recommendations(other))[0]!.contentId).toBe(item.art);
      expect((await app.request('GET', '/api/v1/me/interests')).status).toBe(401);
      expect((await app.request('PUT', '/api/v1/me/interests', { body: { categoryIds: [category.art.id] } })).status).toBe(401);
    });

    it('refuses bad input with a problem and changes nothing', async () => {
      const learner = await app.user('strange-input');
      expect((await state(learner, [category.art.id])).status).toBe(200);
      // One after the other: the tree is one stream.
      const tooMany: string[] = [];
      for (let n = 0; n < 9; n++) tooMany.push(await createCategory(`extra-${n}`, `Extra ${n}`));
      const cases: [unknown, number, string][] = [
        [['not-a-uuid'], 400, 'HTTP.VALIDATION_FAILED'],
        ['all', 400, 'HTTP.VALIDATION_FAILED'],
        [undefined, 400, 'HTTP.VALIDATION_FAILED'],
        [[42], 400, 'HTTP.VALIDATION_FAILED'],
        [Array.from({ length: 101 }, () => category.data.id), 400, 'HTTP.VALIDATION_FAILED'],
        [[category.data.id, randomUUID()], 422, 'RECOMMENDATION.UNKNOWN_CATEGORY'],
        [[category.data.id, category.systems.id, ...tooMany], 422, 'RECOMMENDATION.TOO_MANY_INTERESTS'],
      ];
      for (const [categoryIds, status, code] of cases) {
        const refused = await state(learner, categoryIds);
        expect([refused.status, refused.headers['content-type'], refused.body.code], JSON.stringify(categoryIds)).toEqual([status, expect.stringContaining('application/problem+json'), code]);
      }
      const unknown = randomUUID();
      expect((await state(learner, [unknown])).body.detail).toBe(`No such category: ${unknown}.`);
      expect((await interests(learner)).body).toEqual({ categories: [{ id: category.art.id, name: category.art.name }] });
      expect(await eventsOf(learner)).toHaveLength(1);

      // Ten different ones are allowed, and a repeated id (in capitals too) counts once.
      const ten = [category.data.id, ...tooMany];
      const stated = await state(learner, [...ten, category.data.id.toUpperCase(), ...tooMany]);
      expect(stated.status).toBe(200);
      expect(stated.body.categories.map((chosen: { id: string }) => chosen.id).sort()).toEqual([...ten].sort());
    });

    it('writes nothing for a repeated statement, and ends consistent when 30 race', async () => {
      const learner = await app.user('racer');
      expect((await state(learner, [category.data.id, category.art.id])).status).toBe(200);
      expect((await state(learner, [category.art.id, category.data.id, category.art.id])).status).toBe(200);
      expect(await eventsOf(learner)).toHaveLength(1);

      const choices = [[category.data.id], [category.systems.id], [category.data.id, category.art.id]];
      const responses = await Promise.all(Array.from({ length: 30 }, (_, n) => state(learner, choices[n % 3])));
      expect(responses.filter((response) => response.status !== 200).map((response) => [response.status, response.body.code])).toEqual(
        responses.filter((response) => response.status !== 200).map(() => [409, 'EVENT_STORE.VERSION_CONFLICT']),
      );
      expect(responses.some((response) => response.status === 200)).toBe(true);
      const events = await eventsOf(learner);
      // No event repeats the one before it, and what is read is what the last one says.
      events.slice(1).forEach((event, at) => expect(event.data.categoryIds).not.toEqual(events[at]!.data.categoryIds));
      const last = events.at(-1)!.data.categoryIds;
      const [row] = await app.sql<{ category_ids: string[] }>(`SELECT category_ids FROM rec_interests WHERE user_id = $1`, [learner.id]);
      expect(row!.category_ids).toEqual(last);
      expect((await interests(learner)).body.categories.map((chosen: { id: string }) => chosen.id).sort()).toEqual([...last].sort());
    });

    it('forgets the interests of an erased account', async () => {
      const leaving = await app.user('leaving');
      expect((await state(leaving, [category.art.id])).status).toBe(200);
      expect(await app.sql(`SELECT 1 FROM rec_interests WHERE user_id = $1`, [leaving.id])).toHaveLength(1);
      const erased = await app.request('DELETE', '/api/v1/me', { token: leaving.token, body: { password: leaving.password } });
      expect(erased.status).toBe(204);
      expect(await app.sql(`SELECT 1 FROM rec_interests WHERE user_id = $1`, [leaving.id])).toEqual([]);
    });
  });

  describe('a learner\'s precomputed list and their interests', () => {
    it('serves the list following the categories a learner chose at once, though their list was precomputed before', async () => {
      const buyer = await app.user('precomputed-buyer');
      await buy(buyer, [item.sys1]);
      const stored = () => app.sql(`SELECT l.user_id FROM rec_precomputed_lists l JOIN rec_current_batch b ON b.batch_id = l.batch_id WHERE l.user_id = $1`, [buyer.id]);
      // The purchase's refresh computes the buyer's list.
      await eventually(async () => ((await stored()).length === 1 ? true : undefined), 15_000, 'the buyer\'s precomputed list');
      const before = (await recommendations(buyer)).map((pick) => pick.contentId);
      expect(before.indexOf(item.sys2)).toBeLessThan(before.indexOf(item.data));

      expect((await state(buyer, [category.data.id])).status).toBe(200);
      expect(await stored()).toEqual([]);
      const after = await recommendations(buyer);
      const data = after.find((pick) => pick.contentId === item.data)!;
      expect(data.reasons).toEqual([{ kind: 'popular-in', category: category.data.name, categoryId: category.data.id, learners: 1 }]);
      const order = after.map((pick) => pick.contentId);
      expect(order.indexOf(item.data)).toBeLessThan(order.indexOf(item.sys2));
    });
  });

  describe('content neighbours of an item published since the last batch', () => {
    it('lists them within seconds, both ways, weighs them as the served model does, and equals what the next batch computes', async () => {
      // 404 until the relay has the item; then its neighbours.
      const fresh = await publish('Pandas 数据分析实战', '数据分析与表格数据', ['数据分析', 'pandas'], category.data.id);
      const similar = async (contentId: string) => ((await app.request('GET', `/api/v1/contents/${contentId}/similar`)).body.items ?? []) as {
        contentId: string;
        score: number;
        reasons: Record<string, unknown>[];
      }[];
      const started = Date.now();
      // Its approval gives it neighbours by its words and tags, its classification (relayed after) adds its category's name.
      const found = await eventually(
        async () => (await similar(fresh)).find((row) => row.contentId === item.data && (row.reasons[0]?.shared as string[]).includes(category.data.name)),
        10_000,
        'the new item\'s neighbours',
      );
      const waited = Date.now() - started;
      expect(found.reasons).toEqual([{ kind: 'similar', to: 'Pandas 数据分析实战', toContentId: fresh, shared: expect.arrayContaining(['数据分析', 'pandas']) }]);
      // And the other way round: the older item lists the new one.
      const back = (await similar(item.data)).find((row) => row.contentId === fresh);
      expect(back?.reasons).toEqual([{ kind: 'similar', to: 'Pandas 数据清洗', toContentId: item.data, shared: expect.arrayContaining(['数据分析', 'pandas']) }]);
      expect(back!.score).toBeCloseTo(found.score, 12);
      expect(waited).toBeLessThan(10_000);

      // Its neighbourhood under the served model weighs content as the batch's hybrid does: on data this small
      // nobody has five interactions, EASE serves alone, and a learner who buys it gets its category's popular items.
      const [{ model }] = await app.sql<{ model: string }>(`SELECT b.model FROM rec_current_batch c JOIN rec_batches b ON b.id = c.batch_id`);
      expect(model).toMatch(/0\.00·content\(/);
      expect(await app.sql(`SELECT 1 FROM rec_model_neighbours WHERE content_id = $1`, [fresh])).toEqual([]);
      const learner = await app.user('fresh-buyer');
      await buy(learner, [fresh]);
      const pick = await eventually(async () => (await recommendations(learner)).find((row) => row.contentId === item.data), 10_000, 'the learner\'s pick');
      expect(pick.reasons).toEqual([{ kind: 'popular-in', category: category.data.name, categoryId: category.data.id, learners: 1 }]);

      // The next batch's content model computes the same neighbours for it.
      const incremental = await similar(fresh);
      await rebuild();
      const batch = await similar(fresh);
      expect(batch.map((row) => [row.contentId, row.reasons])).toEqual(incremental.map((row) => [row.contentId, row.reasons]));
      batch.forEach((row, at) => expect(row.score).toBeCloseTo(incremental[at]!.score, 12));
    });
  });
});
