import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventMetadata, EventStore } from '#platform';
import { eventually, TestApp } from './support/test-app.js';

const ADDRESS = '203.0.113.7';
const AGENT = 'Mozilla/5.0 (security-audit test)';

describe('security events in the audit trail, each with actor, address and user agent', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      worker: true,
      env: { REFRESH_REUSE_GRACE_SECONDS: '0', LOGIN_ACCOUNT_FREE_FAILURES: '1', LOGIN_ACCOUNT_LOCK_FAILURES: '2', LOGIN_DELAY_BASE_MS: '10' },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const send = (method: string, url: string, options: { token?: string; body?: unknown } = {}) =>
    app.request(method, url, { ...options, remoteAddress: ADDRESS, headers: { 'user-agent': AGENT } });
  /** The audit entry of the one event of `type` in `streamId`, once the worker has written it. */
  const audited = (where: string, params: unknown[]) =>
    eventually(
      async () => (await app.sql(`SELECT event_type, actor_id, payload, metadata FROM audit_log WHERE ${where}`, params))[0],
      15_000,
      `an audit entry where ${where}`,
    );
  /** The trail keeps an actor's address and user agent sealed with their key (crypto-shredding): opened, they are the request's. */
  const expectTraced = async (entry: { metadata: EventMetadata; actor_id: string | null }, actorId: string | null) => {
    const metadata = await app.api.get(EventStore).openedMetadata(entry.metadata);
    if (actorId) expect(entry.metadata.clientIp).not.toBe(ADDRESS);
    expect({ actorId: entry.actor_id, clientIp: metadata.clientIp, userAgent: metadata.userAgent }).toEqual({
      actorId,
      clientIp: ADDRESS,
      userAgent: AGENT,
    });
  };

  it('records sign-in success, failure and lock, token reuse, MFA changes, role changes, suspension and reset', async () => {
    const user = await app.user('watched');
    const adminToken = await app.adminToken();
    const adminId = (await app.request('GET', '/api/v1/me', { token: adminToken })).body.id as string;

    const signedIn = await send('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect(signedIn.status).toBe(200);
    const sessionId = (signedIn.body.refreshToken as string).split('.')[0];
    await expectTraced(await audited(`stream_id = $1 AND event_type = 'identity.session-started'`, [`session-${sessionId}`]), user.id);

    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: signedIn.body.refreshToken } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: signedIn.body.refreshToken } })).status).toBe(401);
    const reuse = await audited(`stream_id = $1 AND event_type = 'identity.session-revoked'`, [`session-${sessionId}`]);
    expect(reuse.payload.reason).toBe('token-reuse');
    await expectTraced(reuse, null);

    const enrolled = await send('POST', '/api/v1/me/mfa/totp', { token: user.token });
    expect((await send('POST', '/api/v1/me/mfa/totp/confirm', { token: user.token, body: { code: generateSync({ secret: enrolled.body.secret }) } })).status).toBe(200);
    await expectTraced(await audited(`stream_id = $1 AND event_type = 'identity.mfa-enabled'`, [`user-${user.id}`]), user.id);

    expect((await send('POST', `/api/v1/admin/users/${user.id}/roles`, { token: adminToken, body: { roles: ['expert'] } })).status).toBe(200);
    await expectTraced(await audited(`stream_id = $1 AND event_type = 'identity.roles-granted'`, [`user-${user.id}`]), adminId);
    expect((await send('DELETE', `/api/v1/admin/users/${user.id}/roles/expert`, { token: adminToken })).status).toBe(200);
    await expectTraced(await audited(`stream_id = $1 AND event_type = 'identity.roles-revoked'`, [`user-${user.id}`]), adminId);

    expect((await send('POST', `/api/v1/admin/users/${user.id}/suspension`, { token: adminToken, body: { reason: 'chargebacks' } })).status).toBe(200);
    await expectTraced(await audited(`stream_id = $1 AND event_type = 'identity.user-suspended'`, [`user-${user.id}`]), adminId);
    expect((await send('DELETE', `/api/v1/admin/users/${user.id}/suspension`, { token: adminToken })).status).toBe(200);

    expect((await send('POST', '/api/v1/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    await expectTraced(await audited(`event_type = 'identity.password-reset-requested' AND payload->>'userId' = $1`, [user.id]), null);
    const token = /token=([A-Za-z0-9._-]+)/.exec((await app.mailTo(user.email, /Reset/)).body)![1];
    expect((await send('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword: 'a brand new passphrase here' } })).status).toBe(204);
    await expectTraced(await audited(`stream_id = $1 AND event_type = 'identity.password-reset'`, [`user-${user.id}`]), null);

    for (let i = 0; i < 2; i++) await send('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong guess number one' } });
    const failed = await audited(`event_type = 'identity.login-failed' AND payload->>'userId' = $1`, [user.id]);
    await expectTraced(failed, null);
    const locked = await audited(`event_type = 'identity.login-locked' AND payload->>'userId' = $1`, [user.id]);
    expect(locked.payload).toMatchObject({ scope: 'account' });
    await expectTraced(locked, null);
    // The email itself is never in the trail of a failure.
    expect(JSON.stringify([failed, locked])).not.toContain(user.email);
  });
});
