import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/test-app.js';

describe('admin user management: suspension', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('suspends an account: every token of it dies at once, it cannot sign in, and unsuspending does not revive old sessions', async () => {
    const user = await app.user('suspect');
    const tokens = (await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).body;
    const admin = await app.adminToken();
    const suspend = (token: string, id = user.id) => app.request('POST', `/api/v1/admin/users/${id}/suspension`, { token, body: { reason: 'card testing' } });

    const suspended = await suspend(admin);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ id: user.id, suspended: true });
    for (const token of [user.token, tokens.accessToken]) expect((await app.request('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect({ status: login.status, code: login.body.code }).toEqual({ status: 403, code: 'IDENTITY.ACCOUNT_SUSPENDED' });
    // Only the right password learns of the suspension.
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'not-the-password' } })).body.code).toBe(
      'IDENTITY.INVALID_CREDENTIALS',
    );
    expect((await suspend(admin)).body.code).toBe('IDENTITY.ALREADY_SUSPENDED');
    const [event] = await app.sql(`SELECT data, metadata FROM events WHERE type = 'identity.user-suspended'`);
    expect(event.data).toEqual({ userId: user.id, reason: 'card testing' });
    const revoked = await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'identity.session-revoked' AND data->>'reason' = 'suspended'`);
    expect(revoked[0].n).toBe(2);

    const lifted = await app.request('DELETE', `/api/v1/admin/users/${user.id}/suspension`, { token: admin });
    expect({ status: lifted.status, suspended: lifted.body.suspended }).toEqual({ status: 200, suspended: false });
    expect((await app.request('GET', '/api/v1/me', { token: tokens.accessToken })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    expect((await app.request('DELETE', `/api/v1/admin/users/${user.id}/suspension`, { token: admin })).body.code).toBe('IDENTITY.NOT_SUSPENDED');
  });

  it('lets only admins suspend, never themselves, and not a user that does not exist', async () => {
    const creator = await app.user('not-staff', ['creator']);
    const target = await app.user('target');
    expect((await app.request('POST', `/api/v1/admin/users/${target.id}/suspension`, { token: creator.token, body: { reason: 'x' } })).status).toBe(403);
    const admin = await app.adminToken();
    const adminId = (await app.request('GET', '/api/v1/me', { token: admin })).body.id;
    const self = await app.request('POST', `/api/v1/admin/users/${adminId}/suspension`, { token: admin, body: { reason: 'oops' } });
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 403, code: 'AUTHZ.FORBIDDEN' });
    const missing = await app.request('POST', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/suspension', {
      token: admin,
      body: { reason: 'x' },
    });
    expect(missing.status).toBe(404);
    expect((await app.request('GET', '/api/v1/me', { token: admin })).status).toBe(200);
  });
});
