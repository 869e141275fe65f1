import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildAbility, SystemClock } from '#platform';
import { CatalogRules } from '../policies/catalog.rules.js';
import { OPENSEARCH_INDEX_BODY, type OpenSearchDocument, OpenSearchSearchIndex } from './opensearch-search-index.js';

const CREATOR = '3e2a8f4b-1c5d-4e6f-8a9b-0c1d2e3f4a5b';

const doc = (contentId: string, title: string): OpenSearchDocument => ({
  contentId,
  creatorId: CREATOR,
  status: 'published',
  kind: 'course',
  title,
  summary: 's',
  tags: ['python'],
  headings: ['环境搭建'],
  priceCents: 4000,
  currency: 'CNY',
  categoryId: null,
  publishedAt: '2026-11-28T00:00:00.000Z',
  titleWords: 'python 数据 分析 数据分析 实战',
  tagWords: 'python',
  summaryWords: 's',
  headingWords: '环境 搭建',
});

const anonymous = () => buildAbility(null, [new CatalogRules(new SystemClock())]);

/** A local server that answers as OpenSearch documents its index, _bulk and _search responses, recording each request. */
describe('OpenSearchSearchIndex against an OpenSearch-shaped HTTP server', () => {
  let server: Server;
  const requests: { method: string; url: string; body: string }[] = [];
  let indexExists = false;
  let index: OpenSearchSearchIndex;
  const a = '00000000-0000-4000-8000-00000000000a';
  const b = '00000000-0000-4000-8000-00000000000b';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push({ method: request.method!, url: request.url!, body });
        response.setHeader('content-type', 'application/json');
        if (request.url!.startsWith('/zhiku-contents') && !request.url!.includes('_search')) {
          if (request.method === 'PUT') indexExists = true;
          response.statusCode = request.method === 'HEAD' && !indexExists ? 404 : 200;
          response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ acknowledged: true, shards_acknowledged: true, index: 'zhiku-contents' }));
          return;
        }
        if (request.url!.startsWith('/_bulk')) {
          response.end(JSON.stringify({ took: 3, errors: true, items: [{ index: { _index: 'zhiku-contents', _id: a, status: 201, result: 'created' } }, { delete: { _index: 'zhiku-contents', _id: b, status: 404, result: 'not_found' } }] }));
          return;
        }
        response.end(
          JSON.stringify({
            took: 2,
            timed_out: false,
            hits: { total: { value: 1, relation: 'eq' }, max_score: 1.25, hits: [{ _index: 'zhiku-contents', _id: a, _score: 1.25, _source: doc(a, 'Python数据分析实战'), sort: [1.25, a] }] },
            aggregations: {
              kind: { doc_count: 1, values: { buckets: [{ key: 'course', doc_count: 1 }] } },
              category: { doc_count: 1, values: { buckets: [] } },
              price: { doc_count: 1, values: { buckets: [{ key: 'free', to: 1, doc_count: 0 }, { key: 'paid', from: 1, doc_count: 1 }] } },
            },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    index = new OpenSearchSearchIndex({ search: { backend: 'opensearch', opensearchUrl: `http://127.0.0.1:${port}`, opensearchIndex: 'zhiku-contents' } } as AppConfig);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('creates the index with its strict mapping before the first write, then writes published documents and deletes the rest in one bulk request', async () => {
    await index.write([doc(a, 'Python数据分析实战')], [b]);
    expect(requests.map((request) => `${request.method} ${request.url.split('?')[0]}`)).toEqual(['HEAD /zhiku-contents', 'PUT /zhiku-contents', 'POST /_bulk']);
    const mapping = JSON.parse(requests[1]!.body);
    expect(mapping).toEqual(OPENSEARCH_INDEX_BODY);
    // Nothing but the listed fields can be indexed (no lesson body by mistake); the rule fields are exact keywords.
    expect(mapping.mappings.dynamic).toBe('strict');
    expect(mapping.mappings.properties).toMatchObject({ status: { type: 'keyword' }, creatorId: { type: 'keyword' }, contentId: { type: 'keyword' } });
    expect(Object.keys(mapping.mappings.properties).sort()).toEqual(Object.keys(doc(a, 'x')).sort());
    const bulk = requests.at(-1)!;
    expect(bulk.method).toBe('POST');
    expect(bulk.url).toMatch(/^\/_bulk/);
    expect(bulk.body.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { index: { _index: 'zhiku-contents', _id: a } },
      doc(a, 'Python数据分析实战'),
      { delete: { _index: 'zhiku-contents', _id: b } },
    ]);
    // Once per process: later writes go straight to _bulk.
    await index.write([], [a]);
    expect(requests.slice(3).map((request) => request.method)).toEqual(['POST']);
  });

  it('asks for all words weighted title > tags > summary > headings with the filters, and reads hits, scores and facets', async () => {
    const results = await index.search({
      words: ['python', '数据分析'],
      fuzzy: 'python 数据分析',
      kind: 'course',
      categoryIds: null,
      price: null,
      owned: false,
      ownedIds: [b],
      ability: anonymous(),
      after: { score: 2_000_000, contentId: b },
      limit: 10,
    });
    const sent = JSON.parse(requests.at(-1)!.body);
    expect(requests.at(-1)!.url).toMatch(/^\/zhiku-contents\/_search/);
    expect(sent.query.bool.must[0].multi_match).toEqual({ query: 'python 数据分析', fields: ['titleWords^4', 'tagWords^3', 'summaryWords^2', 'headingWords'], operator: 'and', fuzziness: 'AUTO' });
    expect(sent.query.bool.must_not).toEqual([{ terms: { contentId: [b] } }]);
    // Published, and the caller's read rules (anonymous: published), in the query itself.
    expect(sent.query.bool.filter).toEqual([{ term: { status: 'published' } }, { term: { status: 'published' } }]);
    expect(sent.post_filter).toEqual({ bool: { filter: [{ term: { kind: 'course' } }] } });
    expect(sent.aggs.kind.filter).toEqual({ bool: { filter: [] } });
    expect(sent.search_after).toEqual([2, b]);
    expect(sent.size).toBe(11);
    expect(results).toEqual({
      matches: [{ ...doc(a, 'Python数据分析实战'), titleWords: undefined, tagWords: undefined, summaryWords: undefined, headingWords: undefined, score: 1_250_000 }].map(
        ({ status: _status, titleWords: _t, tagWords: _g, summaryWords: _s, headingWords: _h, ...match }) => match,
      ),
      facets: { kind: { course: 1 }, category: {}, price: { paid: 1 } },
      total: 1,
      totalCapped: false,
    });
  });

  it('filters every search and suggestion by the caller\'s rules as the SQL does: published always, even for staff who may read drafts', async () => {
    const criteria = (ability: ReturnType<typeof anonymous>) => ({
      words: ['python'],
      fuzzy: 'python',
      kind: null,
      categoryIds: null,
      price: null,
      owned: true,
      ownedIds: [a],
      ability,
      after: null,
      limit: 10,
    });
    const rules = [new CatalogRules(new SystemClock())];
    const creator = buildAbility({ userId: CREATOR, roles: ['learner', 'creator'] }, rules);
    await index.search(criteria(creator));
    let sent = JSON.parse(requests.at(-1)!.body);
    expect(sent.query.bool.filter).toEqual([
      { term: { status: 'published' } },
      { bool: { should: [{ term: { creatorId: CREATOR } }, { term: { status: 'published' } }], minimum_should_match: 1 } },
      { terms: { contentId: [a] } },
    ]);
    expect(sent.query.bool.must_not).toEqual([]);

    const moderator = buildAbility({ userId: 'c0ffee00-0000-4000-8000-000000000001', roles: ['moderator'] }, rules);
    await index.search(criteria(moderator));
    sent = JSON.parse(requests.at(-1)!.body);
    expect(sent.query.bool.filter.slice(0, 2)).toEqual([{ term: { status: 'published' } }, { match_all: {} }]);

    await index.suggest(['pyth'], anonymous(), 5);
    sent = JSON.parse(requests.at(-1)!.body);
    expect(sent.query).toEqual({
      bool: { must: [{ match_bool_prefix: { titleWords: 'pyth' } }], filter: [{ term: { status: 'published' } }, { term: { status: 'published' } }] },
    });
  });
});
