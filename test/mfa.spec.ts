import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/test-app.js';

/** The code of the time step `steps` from now (the server accepts one step either side). */
const codeAt = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe('multi-factor authentication (TOTP and recovery codes)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  const login = (email: string, password: string) => app.request('POST', '/api/v1/auth/login', { body: { email, password } });
  const second = (mfaToken: string, factor: { code?: string; recoveryCode?: string }) =>
    app.request('POST', '/api/v1/auth/login/mfa', { body: { mfaToken, ...factor } });

  it('enrols with a QR code, confirms with a first code, then signs in in two steps; a code is accepted once', async () => {
    const user = await app.user('two-step');
    const enrolled = await app.request('POST', '/api/v1/me/mfa/totp', { token: user.token });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Zhiku:.*secret=[A-Z2-7]+.*issuer=Zhiku/);
    expect(enrolled.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const { secret } = enrolled.body;
    const [stored] = await app.sql(`SELECT secret FROM identity_totp WHERE user_id = $1`, [user.id]);
    expect(stored.secret).not.toContain(secret); // encrypted at rest
    expect(stored.secret).toMatch(/^v1\./);

    const wrongFirst = await app.request('POST', '/api/v1/me/mfa/totp/confirm', { token: user.token, body: { code: '000000' } });
    expect({ status: wrongFirst.status, code: wrongFirst.body.code }).toEqual({ status: 401, code: 'IDENTITY.INVALID_MFA_CODE' });
    const first = codeAt(secret);
    const confirmed = await app.request('POST', '/api/v1/me/mfa/totp/confirm', { token: user.token, body: { code: first } });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(new Set(codes).size).toBe(10);
    expect((await app.request('GET', '/api/v1/me', { token: user.token })).body.mfaEnabled).toBe(true);

    const challenge = await login(user.email, user.password);
    expect(challenge.status).toBe(202);
    expect(challenge.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    // The code that confirmed the app is spent: a replay is refused.
    const replay = await second(challenge.body.mfaToken, { code: first });
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 401, code: 'IDENTITY.INVALID_MFA_CODE' });
    const next = codeAt(secret, 1);
    const signedIn = await second(challenge.body.mfaToken, { code: next });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), refreshToken: expect.any(String) });
    // The challenge was used up, and so was the code.
    expect((await second(challenge.body.mfaToken, { code: next })).body.code).toBe('IDENTITY.INVALID_MFA_TOKEN');
    const again = await login(user.email, user.password);
    expect((await second(again.body.mfaToken, { code: next })).body.code).toBe('IDENTITY.INVALID_MFA_CODE');

    // Recovery codes: each works once.
    expect((await second(again.body.mfaToken, { recoveryCode: codes[0] })).status).toBe(200);
    const third = await login(user.email, user.password);
    expect((await second(third.body.mfaToken, { recoveryCode: codes[0] })).status).toBe(401);
    expect((await second(third.body.mfaToken, { recoveryCode: codes[1]!.toUpperCase() })).status).toBe(200);

    const stored2 = await app.sql(`SELECT code_hash FROM identity_recovery_codes WHERE user_id = $1`, [user.id]);
    expect(stored2.map((row) => row.code_hash).some((hash: string) => codes.includes(hash))).toBe(false);
    const events = await app.sql(`SELECT data::text AS text FROM events WHERE stream_id = $1`, [`user-${user.id}`]);
    expect(events.some((event) => event.text.includes(secret) || codes.some((code) => event.text.includes(code)))).toBe(false);
  });

  it('ends a challenge after five wrong codes; regenerates recovery codes; disables with a recovery code', async () => {
    const user = await app.user('careless');
    const { token, mfa } = await app.signInWithMfa(user.email, user.password, null);
    const challenge = await login(user.email, user.password);
    for (let i = 0; i < 5; i++) expect((await second(challenge.body.mfaToken, { code: '000000' })).status).toBe(401);
    expect((await second(challenge.body.mfaToken, { recoveryCode: mfa.recoveryCodes[0] })).body.code).toBe('IDENTITY.INVALID_MFA_TOKEN');

    const regenerated = await app.request('POST', '/api/v1/me/mfa/recovery-codes', { token, body: { recoveryCode: mfa.recoveryCodes[0] } });
    expect(regenerated.status).toBe(200);
    const fresh = await login(user.email, user.password);
    expect((await second(fresh.body.mfaToken, { recoveryCode: mfa.recoveryCodes[1] })).status).toBe(401); // an old code is dead
    const disabled = await app.request('POST', '/api/v1/me/mfa/disable', { token, body: { recoveryCode: regenerated.body.recoveryCodes[0] } });
    expect(disabled.status).toBe(204);
    expect((await login(user.email, user.password)).status).toBe(200); // one step again
    const types = await app.sql(`SELECT type FROM events WHERE stream_id = $1 AND type LIKE 'identity.%mfa%' OR (stream_id = $1 AND type = 'identity.recovery-codes-regenerated') ORDER BY global_position`, [
      `user-${user.id}`,
    ]);
    expect(types.map((row) => row.type)).toEqual(['identity.mfa-enabled', 'identity.recovery-codes-regenerated', 'identity.mfa-disabled']);
  });

  it('refuses staff every admin route until they sign in with a second factor', async () => {
    const staff = await app.user('new-admin');
    const admin = await app.adminToken();
    expect((await app.request('POST', `/api/v1/admin/users/${staff.id}/roles`, { token: admin, body: { roles: ['admin'] } })).status).toBe(200);
    const passwordOnly = await app.login(staff.email, staff.password);
    for (const url of ['/api/v1/admin/audit', '/api/v1/admin/ledger/trial-balance', '/api/v1/admin/subscriptions']) {
      const refused = await app.request('GET', url, { token: passwordOnly });
      expect({ url, status: refused.status, code: refused.body.code }).toEqual({ url, status: 403, code: 'AUTH.MFA_REQUIRED' });
    }
    const { token } = await app.signInWithMfa(staff.email, staff.password, null);
    expect((await app.request('GET', '/api/v1/admin/audit', { token })).status).toBe(200);
  });
});

describe('step-up for role grants', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { STEP_UP_MAX_AGE_SECONDS: '2' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('needs a second factor passed within STEP_UP_MAX_AGE_SECONDS, and answers a fresh token for one', async () => {
    const target = await app.user('promoted');
    const admin = await app.adminToken();
    const grant = (token: string, roles: string[]) => app.request('POST', `/api/v1/admin/users/${target.id}/roles`, { token, body: { roles } });
    expect((await grant(admin, ['creator'])).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const stale = await grant(admin, ['expert']);
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 403, code: 'AUTH.STEP_UP_REQUIRED' });
    expect((await app.request('GET', '/api/v1/admin/audit', { token: admin })).status).toBe(200); // other admin routes do not ask

    const wrong = await app.request('POST', '/api/v1/auth/step-up', { token: admin, body: { code: '000000' } });
    expect(wrong.status).toBe(401);
    const stepped = await app.request('POST', '/api/v1/auth/step-up', { token: admin, body: { code: codeAt(app.adminSecondFactor!.secret, 1) } });
    expect(stepped.status).toBe(200);
    expect((await grant(stepped.body.accessToken, ['expert'])).status).toBe(200);
    const [event] = await app.sql(`SELECT data FROM events WHERE type = 'identity.session-stepped-up'`);
    expect(event.data).toMatchObject({ mfaAt: expect.any(String) });
  });
});
