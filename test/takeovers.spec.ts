import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens, StartupRefused } from '#platform';
import { createApi } from '../apps/api/src/bootstrap.js';
import { runOperatorCommand, UsageError } from '../apps/api/src/cli/operator-commands.js';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import { TestApp } from './support/test-app.js';

/** The old repository's development secret: a token signed with it must mean nothing anywhere. */
const PUBLISHED_DEV_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const signedWithPublishedSecret = (claims: object) => new JwtService({ secret: PUBLISHED_DEV_SECRET }).sign(claims, { expiresIn: 600 });

describe('the first admin cannot be taken by registering its email first', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } });
  });
  afterAll(async () => {
    await app.close();
  });

  const boss = { email: 'boss@zhiku.test', operatorPassword: 'operator-password-123', attackerPassword: 'attacker-password-1' };
  const withAdmin = () => ({ ...app.config, adminEmail: boss.email, adminPassword: boss.operatorPassword });

  it('refuses to start the api, with one line saying how to grant admin on purpose, and promotes nobody', async () => {
    const registered = await app.request('POST', '/api/v1/auth/register', {
      body: { email: boss.email, password: boss.attackerPassword, displayName: 'not the boss' },
    });
    expect(registered.status).toBe(201);

    const starting = createApi(withAdmin());
    await expect(starting).rejects.toBeInstanceOf(StartupRefused);
    await expect(starting).rejects.toThrow(`npm run zhiku -- users grant-role ${boss.email} admin`);

    const attacker = await app.request('POST', '/api/v1/auth/login', { body: { email: boss.email, password: boss.attackerPassword } });
    const me = await app.request('GET', '/api/v1/me', { token: attacker.body.accessToken });
    expect(me.body.roles).toEqual(['learner']);
    const operator = await app.request('POST', '/api/v1/auth/login', { body: { email: boss.email, password: boss.operatorPassword } });
    expect(operator.status).toBe(401);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'identity.roles-granted'`);
    expect(n).toBe(0);
  });

  it('lets an operator grant admin from the command line, recorded with who ran it, after which the api starts', async () => {
    const output = await runOperatorCommand(['users', 'grant-role', boss.email, 'admin'], app.config);
    expect(output).toMatch(new RegExp(`^${boss.email} \\(user [0-9a-f-]{36}\\) now holds: admin, learner$`));
    const [granted] = await app.sql(`SELECT data, metadata FROM events WHERE type = 'identity.roles-granted'`);
    expect(granted.data.roles).toEqual(['admin']);
    expect(granted.metadata).toMatchObject({ actorId: null, requestId: expect.stringMatching(/^cli-/), operator: expect.stringContaining('@') });

    const api = await createApi(withAdmin());
    await api.close();

    await expect(runOperatorCommand(['users', 'grant-role', boss.email, 'king'], app.config)).rejects.toBeInstanceOf(UsageError);
    await expect(runOperatorCommand(['users', 'grant-role', 'nobody@zhiku.test', 'admin'], app.config)).rejects.toMatchObject({
      code: 'IDENTITY.USER_NOT_FOUND',
    });
    await expect(runOperatorCommand(['users', 'promote'], app.config)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('refresh tokens and access tokens cannot be forged', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('ignores a refresh token that names a session but carries a wrong secret: the session lives on', async () => {
    const user = await app.user('victim');
    const login = await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    const [sessionId] = (login.body.refreshToken as string).split('.');
    for (const forged of [`${sessionId}.anything`, `${sessionId}.${'A'.repeat(43)}`]) {
      const refreshed = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: forged } });
      expect(refreshed.status).toBe(401);
      const loggedOut = await app.request('POST', '/api/v1/auth/logout', { body: { refreshToken: forged } });
      expect(loggedOut.status).toBe(401);
    }
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [`session-${sessionId}`]);
    expect(n).toBe(1); // started, and nothing else
    const genuine = await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(genuine.status).toBe(200);
  });

  it('refuses access tokens without an expiry, for unknown or malformed subjects, or signed with the old published secret', async () => {
    const user = await app.user('holder');
    const admin = (await app.request('GET', '/api/v1/me', { token: await app.adminToken() })).body;
    // Signed with the api's own key, named as it names it, for the user's live session: only the flaw under test differs.
    const { header, payload } = new JwtService().decode(user.token, { complete: true }) as { header: { kid: string }; payload: { sid: string } };
    const forge = (claims: object, options: { expiresIn?: number; unnamed?: boolean } = { expiresIn: 600 }) =>
      new JwtService().sign(
        { sid: payload.sid, ...claims },
        {
          secret: app.config.jwtSecret!,
          ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
          ...(options.unnamed ? {} : { keyid: header.kid }),
        },
      );

    const noExpiry = forge({ sub: user.id, roles: ['learner'], typ: 'access' }, {});
    const unknownUser = forge({ sub: randomUUID(), roles: ['admin'], typ: 'access' });
    const notAUuid = forge({ sub: 'admin', roles: ['admin'], typ: 'access' });
    const noKeyId = forge({ sub: user.id, roles: ['learner'], typ: 'access' }, { expiresIn: 600, unnamed: true });
    const otherSession = forge({ sub: user.id, sid: randomUUID(), roles: ['learner'], typ: 'access' });
    const devSigned = signedWithPublishedSecret({ sub: admin.id, roles: ['admin'], typ: 'access' });
    for (const token of [noExpiry, unknownUser, notAUuid, noKeyId, otherSession, devSigned]) {
      for (const url of ['/api/v1/me', '/api/v1/admin/ledger/trial-balance']) {
        const response = await app.request('GET', url, { token });
        expect({ url, status: response.status, code: response.body.code }).toEqual({ url, status: 401, code: 'AUTH.INVALID_TOKEN' });
      }
    }
    // A role the token claims but the user does not hold (any more) counts for nothing.
    const claimsAdmin = forge({ sub: user.id, roles: ['learner', 'admin'], typ: 'access' });
    expect((await app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: claimsAdmin })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/me', { token: claimsAdmin })).status).toBe(200);
  });
});

describe('secrets nobody configured', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { JWT_SECRET: '', SANDBOX_WEBHOOK_SECRET: '', DATA_ENCRYPTION_KEY: '' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('are generated once per database, kept outside the repository and shared by every process', async () => {
    expect(app.config.jwtSecret).toBeNull();
    const secrets = await app.sql(`SELECT name, length(value) AS length FROM platform_secrets ORDER BY name`);
    expect(secrets).toEqual([
      { name: 'audit-signing', length: 43 },
      { name: 'certificate-signing', length: 43 },
      { name: 'data-encryption', length: 43 },
      { name: 'jwt', length: 43 },
      { name: 'sandbox-webhook', length: 43 },
    ]);
    const [{ value }] = await app.sql(`SELECT value FROM platform_secrets WHERE name = 'jwt'`);
    expect(value).not.toBe(PUBLISHED_DEV_SECRET);

    // A second api (a restart, another replica) accepts the first one's tokens.
    const token = await app.adminToken();
    const second = await createApi(app.config);
    const worker = await createWorker(app.config);
    try {
      const me = await second.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
      expect(await worker.get(AccessTokens).verify(token)).toMatchObject({ roles: expect.arrayContaining(['admin']) });
    } finally {
      await worker.close();
      await second.close();
    }
    const devSigned = signedWithPublishedSecret({ sub: randomUUID(), roles: ['admin'], typ: 'access' });
    expect((await app.request('GET', '/api/v1/me', { token: devSigned })).status).toBe(401);
    expect(await runOperatorCommand(['secrets', 'show', 'sandbox-webhook'], app.config)).toHaveLength(43);
  });
});
