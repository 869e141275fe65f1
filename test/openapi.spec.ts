import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutePolicies } from '#platform';
import { buildOpenApiDocument, serializeOpenApi } from '../apps/api/src/openapi.js';
import { TestApp } from './support/test-app.js';

type Operation = { security?: unknown[]; responses: Record<string, unknown>; requestBody?: unknown };

describe('OpenAPI document', () => {
  let app: TestApp;
  let document: ReturnType<typeof buildOpenApiDocument>;
  beforeAll(async () => {
    app = await TestApp.start();
    document = buildOpenApiDocument(app.api);
  });
  afterAll(async () => {
    await app.close();
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing routes or DTOs)', async () => {
    const committed = await readFile(new URL('../openapi.json', import.meta.url), 'utf8').catch(() => '');
    expect(committed, 'openapi.json is stale: run `npm run openapi` and commit it').toBe(serializeOpenApi(document));
  });

  it('is served at /docs-json and the UI at /docs', async () => {
    const served = await app.request('GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(served.body.openapi).toBe('3.1.0');
    expect((await app.request('GET', '/docs')).status).toBe(200);
  });

  it('documents every route, its security, its success and its error responses', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
    );
    const routes = collectRoutePolicies(app.api);
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = (document.paths[path] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path} missing from the spec`).toBeDefined();
      const statuses = Object.keys(operation!.responses);
      expect(statuses.some((s) => s.startsWith('2')), `${route.method} ${path} has no success response`).toBe(true);
      if (route.access?.kind === 'public') {
        expect(operation!.security, `${route.method} ${path} is public`).toEqual([{}]);
      } else if (route.access?.kind === 'optional') {
        // Anonymous or signed in: a client may send a token, and learns when it is dead.
        expect(operation!.security, `${route.method} ${path} is public or signed in`).toEqual([{}, { bearer: [] }]);
        expect(statuses, `${route.method} ${path} documents 401`).toContain('401');
      } else {
        expect(operation!.security, `${route.method} ${path} needs bearer`).toEqual([{ bearer: [] }]);
        expect(statuses, `${route.method} ${path} documents 401`).toContain('401');
      }
      if (route.access?.kind === 'policy') expect(statuses, `${route.method} ${path} documents 403`).toContain('403');
      if (operation!.requestBody || route.path.includes(':')) {
        expect(statuses.some((s) => s.startsWith('4') && s !== '401' && s !== '403'), `${route.method} ${path} documents its input errors`).toBe(true);
      }
    }
  });
});
