import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '#platform';
import { TestApp, type TestUser } from './support/test-app.js';

/** ABAC with time: STAFF_HOURS closes /api/v1/admin/* to staff outside the window, at the time the injected Clock says. */
describe('staff business hours (STAFF_HOURS)', () => {
  let app: TestApp;
  let moderator: TestUser;
  let admin: string;
  let now: Date;
  // Monday 2026-11-30, in Shanghai: 10:00 (open), 20:00 (closed); Saturday 12-05 11:00 (closed).
  const MONDAY_10 = new Date('2026-11-30T02:00:00Z');
  const MONDAY_20 = new Date('2026-11-30T12:00:00Z');
  const SATURDAY_11 = new Date('2026-12-05T03:00:00Z');

  beforeAll(async () => {
    app = await TestApp.start({ env: { STAFF_HOURS: 'Mon-Fri 09:00-18:00 Asia/Shanghai' } });
    now = MONDAY_10;
    vi.spyOn(app.api.get(Clock), 'now').mockImplementation(() => now);
    admin = await app.adminToken();
    moderator = await app.user('night-owl', ['moderator']);
  }, 60_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await app.close();
  });

  const approveNothing = () => app.request('POST', `/api/v1/admin/contents/${randomUUID()}/approve`, { token: moderator.token });
  const listUsers = () => app.request('GET', '/api/v1/admin/users', { token: admin });

  it('lets staff in within the window', async () => {
    now = MONDAY_10;
    expect((await listUsers()).status).toBe(200);
    // The moderator reaches the handler, which finds no such content.
    expect((await approveNothing()).status).toBe(404);
  });

  it('refuses staff outside it with 403 AUTH.OUTSIDE_STAFF_HOURS and when it opens next, admins included unless exempted', async () => {
    for (const [at, opensAt] of [
      [MONDAY_20, '2026-12-01T01:00:00.000Z'],
      [SATURDAY_11, '2026-12-07T01:00:00.000Z'],
    ] as const) {
      now = at;
      for (const answer of [await approveNothing(), await listUsers()]) {
        expect(answer.status).toBe(403);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.body).toMatchObject({ code: 'AUTH.OUTSIDE_STAFF_HOURS', opensAt, detail: `The back office is closed outside staff hours; it opens at ${opensAt}.` });
      }
    }
    // Only the back office closes: the same people use the rest of the api as anyone.
    expect((await app.request('GET', '/api/v1/me', { token: moderator.token })).status).toBe(200);
    // A non-staff caller still learns nothing more than before (403 AUTHZ.FORBIDDEN, not the hours).
    const learner = await app.user('learner-at-night');
    expect((await app.request('GET', '/api/v1/admin/users', { token: learner.token })).body.code).toBe('AUTHZ.FORBIDDEN');
    // And nothing happened while closed: a refused grant changed no roles.
    const grant = await app.request('POST', `/api/v1/admin/users/${learner.id}/roles`, { token: admin, body: { roles: ['creator'] } });
    expect(grant.body.code).toBe('AUTH.OUTSIDE_STAFF_HOURS');
    expect((await app.sql(`SELECT roles FROM identity_users WHERE id = $1`, [learner.id]))[0].roles).toEqual(['learner']);
  });
});
