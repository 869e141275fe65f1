import { randomUUID } from 'node:crypto';
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

describe('admin user management: search, view, roles for a while, never your own', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  const adminId = async () => (await app.request('GET', '/api/v1/me', { token: await app.adminToken() })).body.id as string;

  it('finds users newest first by role held now, status and email prefix, a page at a time', async () => {
    const tag = `find${Date.now().toString(36)}`;
    const created = [];
    for (const n of [1, 2, 3, 4, 5]) created.push(await app.user(`${tag}-${n}`, n <= 2 ? ['creator'] : []));
    const admin = await app.adminToken();
    await app.request('POST', `/api/v1/admin/users/${created[4]!.id}/suspension`, { token: admin, body: { reason: 'spam' } });
    const search = (query: string) => app.request('GET', `/api/v1/admin/users?${query}`, { token: admin });

    const ids = (page: { body: { items: { id: string }[] } }) => page.body.items.map((item) => item.id);
    const first = await search(`emailPrefix=${tag.toUpperCase()}&limit=2`);
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual([created[4]!.id, created[3]!.id]);
    const second = await search(`emailPrefix=${tag}&limit=2&cursor=${first.body.nextCursor}`);
    const third = await search(`emailPrefix=${tag}&limit=2&cursor=${second.body.nextCursor}`);
    expect([...ids(second), ...ids(third)]).toEqual([created[2]!.id, created[1]!.id, created[0]!.id]);
    expect(third.body.nextCursor).toBeNull();
    expect(ids(await search(`emailPrefix=${tag}&role=creator`))).toEqual([created[1]!.id, created[0]!.id]);
    expect(ids(await search(`emailPrefix=${tag}&status=suspended`))).toEqual([created[4]!.id]);
    expect(ids(await search(`emailPrefix=${tag}&status=active&role=learner`))).toHaveLength(4);
    // LIKE wildcards in the prefix are plain letters.
    expect(ids(await search(`emailPrefix=${tag.slice(0, 3)}_`))).toEqual([]);
    expect(ids(await search(`emailPrefix=%25`))).toEqual([]);
    expect(first.body.items[0]).toMatchObject({ email: created[4]!.email, roles: ['learner'], suspended: true, roleExpiries: {} });

    for (const bad of ['role=owner', 'status=deleted', 'limit=0', 'limit=101', 'cursor=forged', `cursor=${Buffer.from('["x"]').toString('base64url')}`, 'emailPrefix=', 'extra=1']) {
      const refused = await search(bad);
      expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
    }
  });

  it('shows one user to staff who may, never a hash, token or secret; another user\'s view is refused to non-admins', async () => {
    const someone = await app.user('viewed');
    const admin = await app.adminToken();
    const viewed = await app.request('GET', `/api/v1/admin/users/${someone.id}`, { token: admin });
    expect(viewed.status).toBe(200);
    expect(viewed.body).toMatchObject({ id: someone.id, email: someone.email, roles: ['learner'] });
    expect(Object.keys(viewed.body).filter((key) => /hash|secret|token|password/i.test(key))).toEqual([]);
    expect((await app.request('GET', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000', { token: admin })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/admin/users/not-a-uuid', { token: admin })).status).toBe(400);

    const moderator = await app.user('curious-moderator', ['moderator']);
    const learner = await app.user('curious-learner');
    for (const token of [moderator.token, learner.token]) {
      for (const url of [`/api/v1/admin/users/${someone.id}`, `/api/v1/admin/users/${learner.id}`, '/api/v1/admin/users']) {
        const refused = await app.request('GET', url, { token });
        expect(refused.status).toBe(403);
        expect(JSON.stringify(refused.body)).not.toContain(someone.email);
      }
    }
    expect((await app.request('GET', '/api/v1/admin/users')).status).toBe(401);
  });

  it('grants a role for a while: it works until its end and then stops counting, with no job having run', async () => {
    const temp = await app.user('temp-finance');
    const { mfa } = await app.signInWithMfa(temp.email, temp.password, null);
    const admin = await app.adminToken();
    const expiresAt = new Date(Date.now() + 3000).toISOString();
    const granted = await app.request('POST', `/api/v1/admin/users/${temp.id}/roles`, { token: admin, body: { roles: ['finance'], expiresAt } });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ roles: ['finance', 'learner'], roleExpiries: { finance: expiresAt } });
    const { token } = await app.signInWithMfa(temp.email, temp.password, mfa);
    expect((await app.request('GET', '/api/v1/admin/finance/refunds', { token })).status).toBe(200);
    const [event] = await app.sql(`SELECT data FROM events WHERE type = 'identity.roles-granted' AND stream_id = $1`, [`user-${temp.id}`]);
    expect(event.data).toEqual({ userId: temp.id, roles: ['finance'], expiresAt });

    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 100));
    const late = await app.request('GET', '/api/v1/admin/finance/refunds', { token });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 403, code: 'AUTHZ.FORBIDDEN' });
    expect((await app.request('GET', '/api/v1/me', { token })).body).toMatchObject({ roles: ['learner'], roleExpiries: {} });
    const fresh = await app.signInWithMfa(temp.email, temp.password, mfa);
    expect((await app.request('GET', '/api/v1/admin/finance/refunds', { token: fresh.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/admin/users?role=finance', { token: admin })).body.items.map((u: { id: string }) => u.id)).not.toContain(temp.id);

    // Granted again until revoked, it lasts.
    const lasting = await app.request('POST', `/api/v1/admin/users/${temp.id}/roles`, { token: admin, body: { roles: ['finance'] } });
    expect(lasting.body).toMatchObject({ roles: ['finance', 'learner'], roleExpiries: {} });
    for (const expired of [new Date(Date.now() - 1000).toISOString(), 'tomorrow', '2026-13-01T00:00:00Z']) {
      const refused = await app.request('POST', `/api/v1/admin/users/${temp.id}/roles`, { token: admin, body: { roles: ['finance'], expiresAt: expired } });
      expect({ expired, status: refused.status }).toEqual({ expired, status: 400 });
    }
  });

  it('revokes a role at once; revoking one not held records nothing; nobody grants or revokes their own', async () => {
    const creator = await app.user('demoted', ['creator']);
    const admin = await app.adminToken();
    expect((await app.request('POST', '/api/v1/contents', { token: creator.token, body: { kind: 'article', title: 't', summary: 's', priceCents: 100, currency: 'CNY', tags: [], lessons: [] } })).status).not.toBe(403);
    const revoked = await app.request('DELETE', `/api/v1/admin/users/${creator.id}/roles/creator`, { token: admin });
    expect({ status: revoked.status, roles: revoked.body.roles }).toEqual({ status: 200, roles: ['learner'] });
    const refused = await app.request('POST', '/api/v1/contents', { token: creator.token, body: { kind: 'article', title: 't', summary: 's', priceCents: 100, currency: 'CNY', tags: [], lessons: [] } });
    expect(refused.status).toBe(403);
    expect((await app.request('DELETE', `/api/v1/admin/users/${creator.id}/roles/creator`, { token: admin })).status).toBe(200);
    const events = await app.sql(`SELECT data FROM events WHERE type = 'identity.roles-revoked' AND stream_id = $1`, [`user-${creator.id}`]);
    expect(events.map((row) => row.data)).toEqual([{ userId: creator.id, roles: ['creator'] }]);
    expect((await app.request('DELETE', `/api/v1/admin/users/${creator.id}/roles/owner`, { token: admin })).status).toBe(400);
    expect((await app.request('DELETE', `/api/v1/admin/users/00000000-0000-4000-8000-000000000000/roles/creator`, { token: admin })).status).toBe(404);

    const self = await adminId();
    const ownRevoke = await app.request('DELETE', `/api/v1/admin/users/${self}/roles/admin`, { token: admin });
    const ownGrant = await app.request('POST', `/api/v1/admin/users/${self}/roles`, { token: admin, body: { roles: ['finance'] } });
    expect([ownRevoke.status, ownGrant.status]).toEqual([403, 403]);
    expect((await app.request('GET', '/api/v1/me', { token: admin })).body.roles).toEqual(['admin', 'learner']);
    // A non-admin cannot do either, whatever the body says.
    const learner = await app.user('climber');
    expect((await app.request('POST', `/api/v1/admin/users/${learner.id}/roles`, { token: learner.token, body: { roles: ['admin'] } })).status).toBe(403);
  });

  it('refuses every field a body does not own: roles at registration, ids and statuses beside a grant or suspension', async () => {
    const target = await app.user('target-of-extras');
    const admin = await app.adminToken();
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/v1/auth/register', { email: 'sneaky@zhiku.test', password: 'a long enough password', displayName: 'S', roles: ['admin'] }],
      ['POST', '/api/v1/auth/register', { email: 'sneaky@zhiku.test', password: 'a long enough password', displayName: 'S', emailVerified: true }],
      ['POST', `/api/v1/admin/users/${target.id}/roles`, { roles: ['creator'], userId: randomUUID() }],
      ['POST', `/api/v1/admin/users/${target.id}/roles`, { roles: ['creator'], status: 'active' }],
      ['POST', `/api/v1/admin/users/${target.id}/suspension`, { reason: 'x', suspended: false }],
    ];
    for (const [method, url, body] of attempts) {
      const response = await app.request(method, url, { token: admin, body });
      expect({ url, body, status: response.status }).toEqual({ url, body, status: 400 });
    }
    expect((await app.request('GET', `/api/v1/admin/users/${target.id}`, { token: admin })).body).toMatchObject({ roles: ['learner'], suspended: false });
    expect(await app.sql(`SELECT 1 FROM identity_users WHERE email = 'sneaky@zhiku.test'`)).toEqual([]);
  });
});
