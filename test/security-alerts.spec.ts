import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, TestApp } from './support/test-app.js';

describe('security alerts: the worker scans sign-ins for anomalies', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      worker: true,
      env: {
        SECURITY_ALERTS_EVERY_SECONDS: '1',
        SECURITY_ALERTS_STUFFING_ACCOUNTS: '4',
        SECURITY_ALERTS_ACCOUNT_ADDRESSES: '4',
        LOGIN_ACCOUNT_FREE_FAILURES: '20',
        LOGIN_ACCOUNT_LOCK_FAILURES: '50',
        REFRESH_REUSE_GRACE_SECONDS: '0',
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const alerts = async () => {
    const response = await app.request('GET', '/api/v1/admin/security/alerts', { token: await app.adminToken() });
    expect(response.status).toBe(200);
    return response.body.items as { kind: string; subject: string; occurrences: number; details: Record<string, unknown> }[];
  };
  const alertOf = (kind: string, subject: string) =>
    eventually(async () => (await alerts()).find((alert) => alert.kind === kind && alert.subject === subject), 20_000, `a ${kind} alert on ${subject}`);

  it('flags failed sign-ins from one address across many accounts, and one account tried from many addresses', async () => {
    const victims = await Promise.all(['v1', 'v2', 'v3', 'v4'].map((name) => app.user(name)));
    const stuffer = '198.51.100.23';
    for (const victim of victims) {
      await app.request('POST', '/api/v1/auth/login', { body: { email: victim.email, password: 'leaked-password-123' }, remoteAddress: stuffer });
    }
    const stuffing = await alertOf('credential-stuffing', stuffer);
    expect(stuffing.details).toMatchObject({ accounts: 4, failures: 4 });

    const target = victims[0]!;
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      await app.request('POST', '/api/v1/auth/login', { body: { email: target.email, password: 'guess-number-one' }, remoteAddress: address });
    }
    // With the stuffer's address, four addresses have tried this account.
    const spread = await alertOf('many-addresses', target.id);
    expect(spread.details).toMatchObject({ addresses: expect.any(Number) });
    expect(Number(spread.details.addresses)).toBeGreaterThanOrEqual(4);

    // An ordinary user signing in from home is not an anomaly.
    const calm = await app.user('calm');
    await app.request('POST', '/api/v1/auth/login', { body: { email: calm.email, password: 'a wrong password' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await alerts()).some((alert) => alert.subject === calm.id)).toBe(false);
  });

  it('flags a refresh token used after it was rotated away, and answers alerts to admins only', async () => {
    const user = await app.user('stolen');
    const tokens = (await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).body;
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    const reuse = await alertOf('token-reuse', user.id);
    expect(reuse.occurrences).toBe(1);

    const learner = await app.user('curious');
    expect((await app.request('GET', '/api/v1/admin/security/alerts', { token: learner.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/admin/security/alerts')).status).toBe(401);
    // Reruns only bring the same alerts up to date: one per kind, subject and day.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM identity_security_alerts WHERE kind = 'token-reuse' AND subject = $1`, [user.id]);
    expect(n).toBe(1);
  });
});

describe('/docs by configuration', () => {
  it('serves the docs to staff only with API_DOCS=staff, and not at all with API_DOCS=off', async () => {
    const staffOnly = await TestApp.start({ env: { API_DOCS: 'staff' } });
    try {
      const learner = await staffOnly.user('reader');
      for (const url of ['/docs', '/docs-json']) {
        for (const token of [undefined, learner.token, 'not-a-token']) {
          const refused = await staffOnly.request('GET', url, { token });
          expect({ url, status: refused.status, code: refused.body.code }).toEqual({ url, status: 404, code: 'HTTP.ROUTE_NOT_FOUND' });
        }
        expect((await staffOnly.request('GET', url, { token: await staffOnly.adminToken() })).status).toBe(200);
      }
      expect((await staffOnly.request('GET', '/api/v1/contents')).status).toBe(200);
    } finally {
      await staffOnly.close();
    }
    const off = await TestApp.start({ env: { API_DOCS: 'off' } });
    try {
      for (const url of ['/docs', '/docs-json']) expect((await off.request('GET', url, { token: await off.adminToken() })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
