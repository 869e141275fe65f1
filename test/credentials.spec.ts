import argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, runMigrations } from '#platform';
import { createApi } from '../apps/api/src/bootstrap.js';
import { allMigrations } from '../apps/api/src/migrations.js';
import commonPasswords from '../libs/identity/src/credentials/common-passwords.json' with { type: 'json' };
import { serverUrl, withAdmin } from './support/global-setup.js';
import { TestApp } from './support/test-app.js';

const register = (app: TestApp, password: string, email = `${randomUUID()}@zhiku.test`) =>
  app.request('POST', '/api/v1/auth/register', { body: { email, password, displayName: 'pw' } });

describe('password policy and hashing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('ships at least 10,000 common passwords, and refuses them whatever their case', async () => {
    expect(commonPasswords.length).toBeGreaterThanOrEqual(10_000);
    for (const password of [commonPasswords[0]!, commonPasswords[0]!.toUpperCase(), commonPasswords[9_999]!]) {
      const refused = await register(app, password);
      expect({ password, status: refused.status, code: refused.body.code }).toEqual({ password, status: 422, code: 'IDENTITY.PASSWORD_TOO_COMMON' });
    }
  });

  it('asks for 8 to 128 characters, recommends 15, never truncates, and has no composition rules', async () => {
    const short = await register(app, 'seven77');
    expect({ status: short.status, code: short.body.code }).toEqual({ status: 422, code: 'IDENTITY.PASSWORD_TOO_SHORT' });
    expect(short.body.detail).toContain('15 or more is recommended');
    const long = await register(app, 'x'.repeat(129));
    expect({ status: long.status, code: long.body.code }).toEqual({ status: 422, code: 'IDENTITY.PASSWORD_TOO_LONG' });

    const email = `${randomUUID()}@zhiku.test`;
    const longest = 'y'.repeat(127) + 'z';
    expect((await register(app, longest, email)).status).toBe(201);
    // The whole password counts: its first 127 characters are not it.
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email, password: 'y'.repeat(127) } })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email, password: longest } })).status).toBe(200);
    for (const plain of ['eightchr', '长城长城长城长城', 'all lower case words']) expect((await register(app, plain)).status).toBe(201);
  });

  it('hashes with argon2id at m=19 MiB, t=2, p=1 and upgrades a weaker hash at the next login', async () => {
    const user = await app.user('weak-hash');
    const [fresh] = await app.sql(`SELECT password_hash FROM identity_credentials WHERE user_id = $1`, [user.id]);
    expect(fresh.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);

    const weak = await argon2.hash(user.password, { type: argon2.argon2i, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await app.sql(`UPDATE identity_credentials SET password_hash = $2 WHERE user_id = $1`, [user.id, weak]);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong-password' } })).status).toBe(401);
    const [untouched] = await app.sql(`SELECT password_hash FROM identity_credentials WHERE user_id = $1`, [user.id]);
    expect(untouched.password_hash).toBe(weak); // a wrong password upgrades nothing

    await app.login(user.email, user.password);
    const [upgraded] = await app.sql(`SELECT password_hash FROM identity_credentials WHERE user_id = $1`, [user.id]);
    expect(upgraded.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(upgraded.password_hash, user.password)).toBe(true);
    await app.login(user.email, user.password);
    const [kept] = await app.sql(`SELECT password_hash FROM identity_credentials WHERE user_id = $1`, [user.id]);
    expect(kept.password_hash).toBe(upgraded.password_hash); // a hash as strong as today's is left alone
  });
});

describe('secrets already stored in events (before migration 1764400000000)', () => {
  const timestampOf = (migration: { name: string }) => Number(/(\d{13})$/.exec(migration.name)![1]);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('are moved out of the events, which still replay; passwords and live refresh tokens keep working', async () => {
    const database = `zhiku_t_${inject('runId')}_legacy${randomBytes(3).toString('hex')}`;
    await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: serverUrl(database), LOG_LEVEL: 'error', JWT_SECRET: 'legacy-jwt-secret-0123456789' });
    await runMigrations(config, allMigrations.filter((migration) => timestampOf(migration) < 1764400000000));

    // What the old code wrote: the hash in the user row and in the event, token hashes in session events.
    const userId = randomUUID();
    const sessionId = randomUUID();
    const [first, second] = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
    const passwordHash = await argon2.hash('legacy-password-123', { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const db = new pg.Client({ connectionString: config.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO identity_users (id, email, display_name, password_hash, roles, created_at, updated_at)
         VALUES ($1, 'legacy@zhiku.test', 'Legacy', $2, '{learner}', now(), now())`,
        [userId, passwordHash],
      );
      const event = (stream: string, type: string, version: number, data: object) =>
        db.query(`INSERT INTO events (stream_id, stream_type, version, type, schema_version, data) VALUES ($1, $2, $3, $4, 1, $5)`, [
          stream,
          stream.split('-')[0],
          version,
          type,
          JSON.stringify(data),
        ]);
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      await event(`user-${userId}`, 'identity.user-registered', 1, {
        userId,
        email: 'legacy@zhiku.test',
        displayName: 'Legacy',
        passwordHash,
        roles: ['learner'],
      });
      await event(`session-${sessionId}`, 'identity.session-started', 1, { sessionId, userId, tokenHash: sha256(first), expiresAt });
      await event(`session-${sessionId}`, 'identity.session-refreshed', 2, { sessionId, tokenHash: sha256(second), expiresAt });
    } finally {
      await db.end();
    }

    await runMigrations(config, allMigrations);
    const api = await createApi(config);
    const migrated = new pg.Client({ connectionString: config.databaseUrl });
    await migrated.connect();
    try {
      const { rows } = await migrated.query(`SELECT data::text AS text FROM events`);
      const stored = rows.map((row) => row.text as string).join(' ');
      expect(stored).not.toContain(passwordHash);
      expect(stored).not.toContain(sha256(first));
      expect(stored).not.toContain(sha256(second));
      expect(stored).toContain('legacy@zhiku.test');

      const call = async (url: string, body: object) => {
        const response = await api.inject({ method: 'POST', url, payload: body });
        return { status: response.statusCode, body: response.json() };
      };
      expect((await call('/api/v1/auth/login', { email: 'legacy@zhiku.test', password: 'legacy-password-123' })).status).toBe(200);
      // The live token of the session still refreshes; the one rotated away before the migration is still a reuse.
      const refreshed = await call('/api/v1/auth/refresh', { refreshToken: `${sessionId}.${second}` });
      expect(refreshed.status).toBe(200);
      expect((await call('/api/v1/auth/refresh', { refreshToken: `${sessionId}.${first}` })).status).toBe(401);
      expect((await call('/api/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
      const { rows: revoked } = await migrated.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'identity.session-revoked'`, [
        `session-${sessionId}`,
      ]);
      expect(revoked.map((row) => row.data.reason)).toEqual(['token-reuse']);
    } finally {
      await migrated.end();
      await api.close();
    }
  });
});
