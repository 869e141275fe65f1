import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/test-app.js';

describe('identity over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { REFRESH_REUSE_GRACE_SECONDS: '1' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers, logs in, and shows the caller to themself', async () => {
    const registered = await app.request('POST', '/api/v1/auth/register', {
      body: { email: 'Wang.Fang@Example.com', password: 'long-enough-password', displayName: '王芳' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ email: 'wang.fang@example.com', displayName: '王芳', roles: ['learner'] });
    expect(JSON.stringify(registered.body)).not.toContain('password');

    const login = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'wang.fang@example.com', password: 'long-enough-password' },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = await app.request('GET', '/api/v1/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(registered.body.id);

    const [row] = await app.sql(`SELECT password_hash FROM identity_credentials WHERE user_id = $1`, [registered.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account on the same email, whatever its case, even when racing', async () => {
    const body = (email: string) => ({ body: { email, password: 'long-enough-password', displayName: 'x' } });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => app.request('POST', '/api/v1/auth/register', body(i % 2 ? 'RACE@zhiku.test' : 'race@zhiku.test'))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('IDENTITY.EMAIL_TAKEN');
    const rows = await app.sql(`SELECT count(*)::int AS n FROM identity_users WHERE email = 'race@zhiku.test'`);
    expect(rows[0].n).toBe(1);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const user = await app.user('liwei');
    const wrong = await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'not-the-password' } });
    const unknown = await app.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@zhiku.test', password: 'whatever-123' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe(unknown.body.code);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('rotates refresh tokens and revokes the session when an old one is replayed', async () => {
    const user = await app.user('zhao');
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    const first = login.body.refreshToken as string;

    const rotated = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first);

    // Within the grace window, the old token gets the same answer again (a second tab, a lost response)...
    const retried = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first } });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(rotated.body);
    // ...after it, presenting it again is taken for theft.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const replay = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first } });
    expect(replay.status).toBe(401);
    // The theft response ends the family: even the newest token is dead now.
    const newest = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(newest.status).toBe(401);
    const garbage = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'not-a-token' } });
    expect(garbage.status).toBe(401);
  });

  it('logs out: the session\'s refresh token stops working, and a second logout is refused', async () => {
    const user = await app.user('qian');
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    const { refreshToken } = login.body;
    expect((await app.request('POST', '/api/v1/auth/logout', { body: { refreshToken } })).status).toBe(204);
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/logout', { body: { refreshToken } })).status).toBe(401);
  });

  it('lets only an admin grant roles, and the grant shows after the next login', async () => {
    const user = await app.user('sun');
    const byLearner = await app.request('POST', `/api/v1/admin/users/${user.id}/roles`, { token: user.token, body: { roles: ['admin'] } });
    expect(byLearner.status).toBe(403);

    const admin = await app.adminToken();
    const granted = await app.request('POST', `/api/v1/admin/users/${user.id}/roles`, { token: admin, body: { roles: ['creator'] } });
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toEqual(['creator', 'learner']);
    const relogin = await app.login(user.email, user.password);
    expect((await app.request('GET', '/api/v1/me', { token: relogin })).body.roles).toContain('creator');

    const unknownRole = await app.request('POST', `/api/v1/admin/users/${user.id}/roles`, { token: admin, body: { roles: ['king'] } });
    expect(unknownRole.status).toBe(400);
    const missingUser = await app.request('POST', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/roles', {
      token: admin,
      body: { roles: ['creator'] },
    });
    expect(missingUser.status).toBe(404);
  });

  it('boots the configured admin', async () => {
    const token = await app.adminToken();
    const me = await app.request('GET', '/api/v1/me', { token });
    expect(me.body.roles).toContain('admin');
  });

  it('refuses missing, forged and expired tokens with 401', async () => {
    expect((await app.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await app.request('GET', '/api/v1/me', { token: 'abc.def.ghi' })).status).toBe(401);
  });
});
