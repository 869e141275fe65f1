import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

/** What a client can tell two answers apart by: everything but the request's own id and target. */
const visible = (response: HttpResponse) => {
  const { requestId: _id, instance: _instance, ...body } = response.body;
  return { status: response.status, retryAfter: response.headers['retry-after'], body };
};
const statuses = (responses: HttpResponse[]) =>
  responses.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('sign-in throttling under a burst (defaults: 3 failures free, then a doubling delay)', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A long first delay, so the burst below certainly lands within it.
    app = await TestApp.start({ env: { LOGIN_DELAY_BASE_MS: '20000' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('lets 60 parallel wrong passwords cost 4 hash checks, refuses the rest with 429, and the right password too, alike for unknown emails', async () => {
    const victim = await app.user('victim');
    const burst = (email: string, remoteAddress: string) =>
      Promise.all(Array.from({ length: 60 }, () => app.request('POST', '/api/v1/auth/login', { body: { email, password: 'wrong-password-1' }, remoteAddress })));
    const known = await burst(victim.email, '203.0.113.1');
    const unknown = await burst(`nobody-${randomUUID()}@zhiku.test`, '203.0.113.2');
    for (const responses of [known, unknown]) expect(statuses(responses)).toEqual({ 401: 4, 429: 56 });

    const throttled = known.find((response) => response.status === 429)!;
    expect(throttled.body.code).toBe('IDENTITY.LOGIN_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Nothing tells the known account from the unknown email: not the status, the body or Retry-After.
    expect(visible(unknown.find((response) => response.status === 429)!)).toEqual(visible(throttled));
    expect(visible(unknown.find((response) => response.status === 401)!)).toEqual(visible(known.find((response) => response.status === 401)!));

    const right = await app.request('POST', '/api/v1/auth/login', { body: { email: victim.email, password: victim.password }, remoteAddress: '203.0.113.3' });
    expect({ status: right.status, code: right.body.code }).toEqual({ status: 429, code: 'IDENTITY.LOGIN_THROTTLED' });

    const failures = await app.sql(`SELECT data, metadata FROM events WHERE type = 'identity.login-failed' AND metadata->>'clientIp' = '203.0.113.1'`);
    expect(failures).toHaveLength(4);
    expect(failures.every((event) => event.data.userId === victim.id && event.metadata.actorId === null)).toBe(true);
    const anonymous = await app.sql(`SELECT data::text AS text FROM events WHERE type = 'identity.login-failed' AND metadata->>'clientIp' = '203.0.113.2'`);
    expect(anonymous.map((event) => JSON.parse(event.text))).toEqual(Array(4).fill({ userId: null, reason: 'wrong-password' }));
  });
});

describe('sign-in locks', () => {
  let app: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({
      env: {
        LOGIN_ACCOUNT_FREE_FAILURES: '2',
        LOGIN_ACCOUNT_LOCK_FAILURES: '4',
        LOGIN_IP_FREE_FAILURES: '5',
        LOGIN_IP_LOCK_FAILURES: '8',
        LOGIN_DELAY_BASE_MS: '50',
        LOGIN_LOCK_SECONDS: '2',
      },
    });
    user = await app.user('lockable');
  });
  afterAll(async () => {
    await app.close();
  });

  const attempt = (email: string, password: string, remoteAddress: string) =>
    app.request('POST', '/api/v1/auth/login', { body: { email, password }, remoteAddress });
  /** Tries until the answer is not a delay (429 LOGIN_THROTTLED), as a patient client would. */
  const patiently = async (email: string, password: string, remoteAddress: string) => {
    for (;;) {
      const response = await attempt(email, password, remoteAddress);
      if (response.body?.code !== 'IDENTITY.LOGIN_THROTTLED') return response;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  };

  it('locks an account after repeated failures, even against the right password, then lets it in again', async () => {
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await patiently(user.email, 'wrong-password-1', '198.51.100.1')).status);
    expect(outcomes).toEqual([401, 401, 401, 401]);
    const locked = await patiently(user.email, user.password, '198.51.100.9');
    expect({ status: locked.status, code: locked.body.code, retryAfter: locked.headers['retry-after'] }).toEqual({
      status: 429,
      code: 'IDENTITY.LOGIN_LOCKED',
      retryAfter: '2',
    });
    const [lock] = await app.sql(`SELECT data FROM events WHERE type = 'identity.login-locked'`);
    expect(lock.data).toEqual({ scope: 'account', userId: user.id, lockedForSeconds: 2 });

    // An unknown email goes through exactly the same.
    const nobody = `nobody-${randomUUID()}@zhiku.test`;
    const unknown = [];
    for (let i = 0; i < 5; i++) unknown.push((await patiently(nobody, 'wrong-password-1', '198.51.100.2')).status);
    expect(unknown).toEqual([401, 401, 401, 401, 429]);

    await new Promise((resolve) => setTimeout(resolve, 2100)); // the lock lasts LOGIN_LOCK_SECONDS
    expect((await patiently(user.email, user.password, '198.51.100.9')).status).toBe(200);
    // A success starts the account afresh: two failures are free again.
    expect((await attempt(user.email, 'wrong-password-1', '198.51.100.9')).status).toBe(401);
    expect((await attempt(user.email, 'wrong-password-1', '198.51.100.9')).status).toBe(401);
  });

  it('locks an address that fails across many accounts (credential stuffing), whoever it tries next', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await patiently(`stuffed-${i}@zhiku.test`, 'wrong-password-1', '192.0.2.7')).status);
    expect(answers).toEqual(Array(8).fill(401));
    const next = await patiently(user.email, user.password, '192.0.2.7');
    expect({ status: next.status, code: next.body.code }).toEqual({ status: 429, code: 'IDENTITY.LOGIN_LOCKED' });
    const [lock] = await app.sql(`SELECT data FROM events WHERE type = 'identity.login-locked' AND metadata->>'clientIp' = '192.0.2.7'`);
    expect(lock.data).toMatchObject({ scope: 'address', lockedForSeconds: 2 });
    // The same account from elsewhere is not affected.
    expect((await patiently(user.email, user.password, '192.0.2.8')).status).toBe(200);
  });
});

describe('password hashing is bounded (the CPU sink of argon2)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { LOGIN_HASH_QUEUE_LENGTH: '1' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses sign-ins beyond one hash per core and a short queue with 503 and Retry-After, never a 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.request('POST', '/api/v1/auth/login', {
          body: { email: `someone-${i}@zhiku.test`, password: 'wrong-password-1' },
          remoteAddress: `198.18.0.${i + 1}`,
        }),
      ),
    );
    const busy = responses.filter((response) => response.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(responses.every((response) => response.status === 401 || response.status === 503)).toBe(true);
    expect(busy.every((response) => response.body.code === 'IDENTITY.BUSY' && response.headers['retry-after'] === '1')).toBe(true);
  });
});
