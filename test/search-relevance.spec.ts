import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, noMetadata } from '#platform';
import { TestApp } from './support/test-app.js';

interface Item {
  key: string;
  kind: string;
  title: string;
  summary: string;
  tags: string[];
  headings: string[];
  priceCents: number;
}
const fixture: { catalogue: Item[]; queries: { q: string; top: string }[] } = JSON.parse(
  readFileSync(new URL('./fixtures/search/relevance.json', import.meta.url), 'utf8'),
);

/** The fixed relevance check: each query must put its expected item first. */
describe('search relevance on a fixed catalogue', () => {
  let app: TestApp;
  const keyOf = new Map<string, string>();

  beforeAll(async () => {
    app = await TestApp.start();
    const store = app.api.get(EventStore);
    const [creatorId, moderatorId] = [randomUUID(), randomUUID()];
    // Through the event store, so the real inline projectors build the index.
    for (const item of fixture.catalogue) {
      const contentId = randomUUID();
      keyOf.set(contentId, item.key);
      const listing = { contentId, creatorId, kind: item.kind, title: item.title, summary: item.summary, priceCents: item.priceCents, currency: 'CNY', tags: item.tags };
      const lessons = item.headings.map((title) => ({ lessonId: randomUUID(), title, body: 'body', preview: false }));
      await store.append({
        streamId: `content-${contentId}`,
        streamType: 'content',
        expectedVersion: 0,
        events: [
          { type: 'catalog.content-drafted', data: { ...listing, lessons } },
          { type: 'catalog.content-submitted', data: { contentId } },
          { type: 'catalog.content-approved', data: { ...listing, moderatorId, publishedAt: new Date().toISOString() } },
        ],
        metadata: noMetadata(),
      });
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it(`puts the expected item first for each of the ${fixture.queries.length} queries`, async () => {
    expect(fixture.queries.length).toBeGreaterThanOrEqual(30);
    const misses: string[] = [];
    for (const { q, top } of fixture.queries) {
      const page = await app.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=3`);
      expect(page.status).toBe(200);
      const first = page.body.items[0] ? keyOf.get(page.body.items[0].id) : undefined;
      if (first !== top) misses.push(`${q}: expected ${top}, got ${page.body.items.map((hit: { id: string }) => keyOf.get(hit.id)).join(', ') || 'nothing'}`);
    }
    expect(misses).toEqual([]);
  });
});
