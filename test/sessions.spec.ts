import { JwtService } from '@nestjs/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#platform';
import { createApi } from '../apps/api/src/bootstrap.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('sessions: refresh families, the session list, password change', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { REFRESH_REUSE_GRACE_SECONDS: '2' } });
  });
  afterAll(async () => {
    await app.close();
  });

  const signIn = async (user: TestUser, userAgent = 'vitest') => {
    const response = await app.request('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'user-agent': userAgent },
    });
    expect(response.status).toBe(200);
    return response.body as { accessToken: string; refreshToken: string };
  };
  const refresh = (refreshToken: string) => app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const sessionIdOf = (tokens: { refreshToken: string }) => tokens.refreshToken.split('.')[0]!;

  it('answers 10 parallel refreshes with one token with one and the same new pair, and the session lives on', async () => {
    const user = await app.user('many-tabs');
    const tokens = await signIn(user);
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(tokens.refreshToken)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'identity.session-refreshed'`, [
      `session-${sessionIdOf(tokens)}`,
    ]);
    expect(n).toBe(1);
    expect((await app.request('GET', '/api/v1/me', { token: answers[0]!.body.accessToken })).status).toBe(200);
    const next = await refresh(answers[0]!.body.refreshToken);
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(answers[0]!.body.refreshToken);
  });

  it('takes an old token back after the grace window for theft: the whole family ends, its access tokens too, and it is recorded', async () => {
    const user = await app.user('robbed');
    const tokens = await signIn(user);
    const rotated = await refresh(tokens.refreshToken);
    expect(rotated.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
    const me = await app.request('GET', '/api/v1/me', { token: rotated.body.accessToken });
    expect({ status: me.status, code: me.body.code }).toEqual({ status: 401, code: 'AUTH.INVALID_TOKEN' });
    const [revoked] = await app.sql(`SELECT data, metadata FROM events WHERE stream_id = $1 AND type = 'identity.session-revoked'`, [
      `session-${sessionIdOf(tokens)}`,
    ]);
    expect(revoked.data.reason).toBe('token-reuse');
    expect(revoked.metadata.clientIp).toBe('127.0.0.1');
  });

  it('lists my sessions and ends one of them at once; another user\'s session is not found', async () => {
    const user = await app.user('two-devices');
    const laptop = await signIn(user, 'Laptop browser');
    const phone = await signIn(user, 'Phone app');
    const listed = await app.request('GET', '/api/v1/me/sessions', { token: laptop.accessToken });
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.map((session: { id: string }) => [session.id, session]));
    expect(byId.get(sessionIdOf(laptop))).toMatchObject({ current: true, userAgent: 'Laptop browser', clientIp: '127.0.0.1' });
    expect(byId.get(sessionIdOf(phone))).toMatchObject({ current: false, userAgent: 'Phone app' });
    expect(JSON.stringify(listed.body)).not.toContain(phone.refreshToken.split('.')[1]);

    const stranger = await app.user('stranger');
    const foreign = await app.request('DELETE', `/api/v1/me/sessions/${sessionIdOf(phone)}`, { token: stranger.token });
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'IDENTITY.SESSION_NOT_FOUND' });
    expect((await app.request('GET', '/api/v1/me', { token: phone.accessToken })).status).toBe(200);

    expect((await app.request('DELETE', `/api/v1/me/sessions/${sessionIdOf(phone)}`, { token: laptop.accessToken })).status).toBe(204);
    expect((await app.request('GET', '/api/v1/me', { token: phone.accessToken })).status).toBe(401);
    expect((await refresh(phone.refreshToken)).status).toBe(401);
    expect((await app.request('DELETE', `/api/v1/me/sessions/${sessionIdOf(phone)}`, { token: laptop.accessToken })).status).toBe(404);
    const after = await app.request('GET', '/api/v1/me/sessions', { token: laptop.accessToken });
    expect(after.body.map((session: { id: string }) => session.id)).not.toContain(sessionIdOf(phone));
  });

  it('changes a password with the current one, ending every other session but this one', async () => {
    const user = await app.user('changer');
    const here = await signIn(user);
    const elsewhere = await signIn(user);
    const change = (currentPassword: string, newPassword: string) =>
      app.request('POST', '/api/v1/me/password', { token: here.accessToken, body: { currentPassword, newPassword } });

    const wrong = await change('not-my-password', 'a brand new passphrase');
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 422, code: 'IDENTITY.WRONG_PASSWORD' });
    expect((await change(user.password, 'password')).body.code).toBe('IDENTITY.PASSWORD_TOO_COMMON');
    expect((await change(user.password, 'a brand new passphrase')).status).toBe(204);

    expect((await app.request('GET', '/api/v1/me', { token: elsewhere.accessToken })).status).toBe(401);
    expect((await refresh(elsewhere.refreshToken)).status).toBe(401);
    expect((await app.request('GET', '/api/v1/me', { token: here.accessToken })).status).toBe(200);
    expect((await refresh(here.refreshToken)).status).toBe(200);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'a brand new passphrase' } })).status).toBe(200);
    const [changed] = await app.sql(`SELECT data FROM events WHERE stream_id = $1 AND type = 'identity.password-changed'`, [`user-${user.id}`]);
    expect(changed.data).toEqual({ userId: user.id, reason: 'change' });
  });
});

describe('access token keys', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { JWT_SECRET: 'first-secret-of-this-test-0123456789' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('name their key (kid) and rotate without signing anyone out', async () => {
    const user = await app.user('rotated');
    const kidOf = (token: string) => (new JwtService().decode(token, { complete: true }) as { header: { kid: string } }).header.kid;
    const firstKid = kidOf(user.token);
    expect(firstKid).toMatch(/^[A-Za-z0-9_-]{12}$/);

    const rotatedConfig = loadConfig({
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JWT_'))),
      NODE_ENV: 'test',
      DATABASE_URL: app.config.databaseUrl,
      REDIS_URL: app.config.redisUrl,
      QUEUE_PREFIX: app.config.queuePrefix,
      LOG_LEVEL: 'error',
      JWT_SECRET: 'second-secret-of-this-test-0123456789',
      JWT_PREVIOUS_SECRETS: 'first-secret-of-this-test-0123456789',
    });
    const rotated = await createApi(rotatedConfig);
    const retired = await createApi({ ...rotatedConfig, jwtPreviousSecrets: [] });
    try {
      const me = (api: typeof rotated, token: string) => api.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect((await me(rotated, user.token)).statusCode).toBe(200); // the old key still verifies
      const login = await rotated.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
      const fresh = login.json().accessToken as string;
      expect(kidOf(fresh)).not.toBe(firstKid); // the new key signs
      expect((await me(retired, fresh)).statusCode).toBe(200);
      expect((await me(retired, user.token)).statusCode).toBe(401); // once dropped, its tokens are dead
    } finally {
      await retired.close();
      await rotated.close();
    }
  });
});
