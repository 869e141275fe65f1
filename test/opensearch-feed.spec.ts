import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/**
 * With SEARCH_BACKEND=opensearch, the worker's feed writes the OpenSearch index from catalog's
 * events: an item hidden by a moderator is deleted from it, and restored it is indexed again, unless
 * its creator had unpublished it before the hiding (README, "Unpublishing and hiding"). The index is
 * a local server answering as OpenSearch does, recording every bulk action.
 */
describe('the OpenSearch feed follows hiding and restoring', () => {
  let server: Server;
  let app: TestApp;
  let creator: TestUser;
  let moderator: TestUser;
  /** Every bulk action the feed sent, in order: `index <id>` or `delete <id>`. */
  const actions: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        if (request.url!.startsWith('/_bulk')) {
          const lines = body.trim().split('\n').map((line) => JSON.parse(line) as Record<string, { _id?: string }>);
          const items: object[] = [];
          for (const line of lines) {
            const [action] = Object.keys(line);
            if (action !== 'index' && action !== 'delete') continue;
            actions.push(`${action} ${line[action]!._id}`);
            items.push({ [action]: { _index: 'zhiku-contents', _id: line[action]!._id, status: 200, result: action === 'index' ? 'created' : 'deleted' } });
          }
          response.end(JSON.stringify({ took: 1, errors: false, items }));
          return;
        }
        // The index exists (HEAD), or is created (PUT).
        response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ acknowledged: true, shards_acknowledged: true, index: 'zhiku-contents' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    app = await TestApp.start({ worker: true, env: { SEARCH_BACKEND: 'opensearch', OPENSEARCH_URL: `http://127.0.0.1:${port}` } });
    [creator, moderator] = await Promise.all([app.user('creator', ['creator']), app.user('moderator', ['moderator'])]);
  });
  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const lessons = [{ title: '一', body: '正文', preview: false }];
  const lastActionOf = (id: string) => actions.filter((action) => action.endsWith(id)).at(-1);
  const hide = (id: string) => app.request('POST', `/api/v1/admin/contents/${id}/hide`, { token: moderator.token, body: { reason: '待核实' } });
  const unhide = (id: string) => app.request('POST', `/api/v1/admin/contents/${id}/unhide`, { token: moderator.token, body: { reason: '核实无误' } });

  it('deletes a hidden item and indexes it again once restored; an item its creator had unpublished stays out', async () => {
    const listed = await publishContent(app, creator, moderator.token, { kind: 'article', title: '摄影构图', priceCents: 1000, lessons });
    const unlisted = await publishContent(app, creator, moderator.token, { kind: 'article', title: '暗房冲洗', priceCents: 1000, lessons });
    await eventually(async () => lastActionOf(listed) === `index ${listed}` && lastActionOf(unlisted) === `index ${unlisted}`, 30_000, 'both items indexed');

    expect((await hide(listed)).status).toBe(200);
    await eventually(async () => lastActionOf(listed) === `delete ${listed}`, 30_000, 'the hidden item deleted from the index');
    expect((await unhide(listed)).status).toBe(200);
    await eventually(async () => lastActionOf(listed) === `index ${listed}`, 30_000, 'the restored item indexed again');

    const fedBefore = actions.length;
    expect((await app.request('POST', `/api/v1/contents/${unlisted}/unpublish`, { token: creator.token })).status).toBe(200);
    expect((await hide(unlisted)).status).toBe(200);
    expect((await unhide(unlisted)).status).toBe(200);
    // The feed handles events in order: once a later change to the other item is fed, the restoration was too.
    expect((await hide(listed)).status).toBe(200);
    await eventually(async () => lastActionOf(listed) === `delete ${listed}`, 30_000, 'a later event fed');
    expect(lastActionOf(unlisted)).toBe(`delete ${unlisted}`);
    // Deleted when unpublished (a draft's deletes came before), never indexed again since.
    expect(actions.slice(fedBefore)).toContain(`delete ${unlisted}`);
    expect(actions.slice(fedBefore)).not.toContain(`index ${unlisted}`);
  });
});
