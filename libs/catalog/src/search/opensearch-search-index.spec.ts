import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildAbility, SystemClock } from '#platform';
import { CatalogRules } from '../policies/catalog.rules.js';
import { type OpenSearchDocument, OpenSearchSearchIndex } from './opensearch-search-index.js';

const doc = (contentId: string, title: string): OpenSearchDocument => ({
  contentId,
  creatorId: '3e2a8f4b-1c5d-4e6f-8a9b-0c1d2e3f4a5b',
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

/** A local server that answers as OpenSearch documents its _bulk and _search responses, recording each request. */
describe('OpenSearchSearchIndex against an OpenSearch-shaped HTTP server', () => {
  let server: Server;
  const requests: { method: string; url: string; body: string }[] = [];
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

  it('writes published documents and deletes the rest in one bulk request, a 404 delete being fine', async () => {
    await index.write([doc(a, 'Python数据分析实战')], [b]);
    const bulk = requests.at(-1)!;
    expect(bulk.method).toBe('POST');
    expect(bulk.url).toMatch(/^\/_bulk/);
    expect(bulk.body.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { index: { _index: 'zhiku-contents', _id: a } },
      doc(a, 'Python数据分析实战'),
      { delete: { _index: 'zhiku-contents', _id: b } },
    ]);
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
      ability: buildAbility(null, [new CatalogRules(new SystemClock())]),
      after: { score: 2_000_000, contentId: b },
      limit: 10,
    });
    const sent = JSON.parse(requests.at(-1)!.body);
    expect(requests.at(-1)!.url).toMatch(/^\/zhiku-contents\/_search/);
    expect(sent.query.bool.must[0].multi_match).toEqual({ query: 'python 数据分析', fields: ['titleWords^4', 'tagWords^3', 'summaryWords^2', 'headingWords'], operator: 'and', fuzziness: 'AUTO' });
    expect(sent.query.bool.must_not).toEqual([{ terms: { contentId: [b] } }]);
    expect(sent.post_filter).toEqual({ bool: { filter: [{ term: { kind: 'course' } }] } });
    expect(sent.aggs.kind.filter).toEqual({ bool: { filter: [] } });
    expect(sent.search_after).toEqual([2, b]);
    expect(sent.size).toBe(11);
    expect(results).toEqual({
      matches: [{ ...doc(a, 'Python数据分析实战'), titleWords: undefined, tagWords: undefined, summaryWords: undefined, headingWords: undefined, score: 1_250_000 }].map(
        ({ titleWords: _t, tagWords: _g, summaryWords: _s, headingWords: _h, ...match }) => match,
      ),
      facets: { kind: { course: 1 }, category: {}, price: { paid: 1 } },
      total: 1,
    });
  });
});
