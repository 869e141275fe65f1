import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TestApp } from './support/test-app.js';
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider.js';

const CALLBACK_BASE = 'http://zhiku.test';

describe('signing in with OpenID Connect (authorization code + PKCE) against a real provider', () => {
  let app: TestApp;
  let provider: TestOidcProvider;
  let redis: Redis;

  beforeAll(async () => {
    provider = await startOidcProvider([
      { clientId: 'zhiku-acme', clientSecret: 'acme-client-secret', redirectUri: `${CALLBACK_BASE}/api/v1/auth/oidc/acme/callback` },
      { clientId: 'zhiku-beta', clientSecret: 'beta-client-secret', redirectUri: `${CALLBACK_BASE}/api/v1/auth/oidc/beta/callback` },
    ]);
    app = await TestApp.start({
      env: {
        OIDC_CALLBACK_BASE_URL: CALLBACK_BASE,
        OIDC_PROVIDERS: JSON.stringify([
          { name: 'acme', issuer: provider.issuer, clientId: 'zhiku-acme', clientSecret: 'acme-client-secret' },
          { name: 'beta', issuer: provider.issuer, clientId: 'zhiku-beta', clientSecret: 'beta-client-secret' },
        ]),
      },
    });
    redis = new Redis(app.config.redisUrl);
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
    await provider?.close();
  });

  /** A provider account with these claims, under a fresh subject. */
  const account = (claims: { email?: string; email_verified?: boolean; name?: string }): string => {
    const subject = `sub-${randomBytes(6).toString('hex')}`;
    provider.accounts.set(subject, claims);
    return subject;
  };
  const freshEmail = (name: string) => `${name}-${randomBytes(3).toString('hex')}@example.test`;

  /** Starts at our api, signs in at the provider, and answers the callback path our api must be called at. */
  async function throughProvider(name: string, subject: string): Promise<string> {
    const started = await app.request('GET', `/api/v1/auth/oidc/${name}/start`);
    expect(started.status).toBe(302);
    return provider.signIn(started.headers.location as string, subject);
  }
  const callback = (path: string) => app.request('GET', path);
  const signIn = async (name: string, subject: string) => callback(await throughProvider(name, subject));
  const me = (token: string) => app.request('GET', '/api/v1/me', { token });

  it('registers a new account through the provider, verified as it says, and signs the same account in next time', async () => {
    const email = freshEmail('new');
    const subject = account({ email: email.toUpperCase(), email_verified: true, name: '新用户' });
    const started = await app.request('GET', '/api/v1/auth/oidc/acme/start');
    const location = new URL(started.headers.location as string);
    expect(location.origin).toBe(provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'zhiku-acme',
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${CALLBACK_BASE}/api/v1/auth/oidc/acme/callback`,
    });
    expect(location.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
    expect(location.searchParams.get('nonce')).toMatch(/^[\w-]{40,}$/);

    const first = await callback(await provider.signIn(location.toString(), subject));
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    const profile = (await me(first.body.accessToken)).body;
    expect(profile).toMatchObject({ email, displayName: '新用户', emailVerified: true, roles: ['learner'] });
    // The refresh token works as any other session's.
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status).toBe(200);
    expect((await app.request('GET', '/api/v1/me/identities', { token: first.body.accessToken })).body).toEqual([
      { provider: 'acme', linkedAt: expect.any(String) },
    ]);

    const again = await signIn('acme', subject);
    expect(again.status).toBe(200);
    expect((await me(again.body.accessToken)).body.id).toBe(profile.id);
    // No password: the account signs in through the provider only.
    expect((await app.sql(`SELECT 1 FROM identity_credentials WHERE user_id = $1`, [profile.id])).length).toBe(0);
    // The provider's subject id is sealed with the person's key in the stored event; sign-ins are security events.
    const [linked] = await app.sql(`SELECT data FROM events WHERE type = 'identity.external-identity-linked' AND stream_id = $1`, [`user-${profile.id}`]);
    expect(linked.data).toMatchObject({ userId: profile.id, provider: 'acme', issuer: provider.issuer, subject: expect.stringMatching(/^sealed:v1:/) });
    const signIns = await app.sql(`SELECT data FROM events WHERE type = 'identity.external-sign-in' AND data->>'userId' = $1`, [profile.id]);
    expect(signIns.map((row) => row.data)).toEqual([
      { userId: profile.id, provider: 'acme', mfaRequired: false },
      { userId: profile.id, provider: 'acme', mfaRequired: false },
    ]);
  });

  it('links to the account with the same email only when both the provider and the account verified it', async () => {
    const member = await app.user('member'); // its email is verified (test users prove theirs)
    const linked = await signIn('acme', account({ email: member.email, email_verified: true }));
    expect(linked.status).toBe(200);
    expect((await me(linked.body.accessToken)).body.id).toBe(member.id);
    // The password still works beside it.
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password } })).status).toBe(200);

    // The provider does not vouch for the email: no sign-in to the admin's account, nor any new account with its email.
    const before = await app.sql(`SELECT count(*)::int AS n FROM identity_users`);
    const unverified = await signIn('acme', account({ email: ADMIN.email, email_verified: false }));
    expect(unverified.status).toBe(409);
    expect(unverified.headers['content-type']).toContain('application/problem+json');
    expect(unverified.body.code).toBe('IDENTITY.OIDC_EMAIL_NOT_VERIFIED');
    expect(unverified.body).not.toHaveProperty('accessToken');
    const [admin] = await app.sql(`SELECT id FROM identity_users WHERE email = $1`, [ADMIN.email]);
    expect(await app.sql(`SELECT * FROM identity_external_identities WHERE user_id = $1`, [admin.id])).toEqual([]);
    expect(await app.sql(`SELECT count(*)::int AS n FROM identity_users`)).toEqual(before);
    const [refused] = await app.sql(`SELECT data FROM events WHERE type = 'identity.external-sign-in-refused' ORDER BY global_position DESC LIMIT 1`);
    expect(refused.data).toEqual({ userId: admin.id, provider: 'acme', reason: 'email-not-verified' });
  });

  it('does not hand a provider sign-in to whoever registered that email first without proving it', async () => {
    // The attacker registers the victim's address with a password of theirs and never proves it.
    const victimEmail = freshEmail('victim');
    const registered = await app.request('POST', '/api/v1/auth/register', { body: { email: victimEmail, password: 'attacker-chosen-password', displayName: 'x' } });
    expect(registered.status).toBe(201);
    // The victim signs in through their provider, which verified the address.
    const victim = await signIn('acme', account({ email: victimEmail, email_verified: true }));
    expect({ status: victim.status, code: victim.body.code }).toEqual({ status: 409, code: 'IDENTITY.OIDC_EMAIL_NOT_VERIFIED' });
    expect(await app.sql(`SELECT * FROM identity_external_identities WHERE user_id = $1`, [registered.body.id])).toEqual([]);
  });

  it('refuses a replayed, forged or foreign state, a wrong nonce and a reused code', async () => {
    const subject = account({ email: freshEmail('replay'), email_verified: true });
    const path = await throughProvider('acme', subject);
    // Ten browsers replay the same redirect at once: one signs in.
    const answers = await Promise.all(Array.from({ length: 10 }, () => callback(path)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(9).fill(401)]);
    expect(new Set(answers.filter((answer) => answer.status === 401).map((answer) => answer.body.code))).toEqual(new Set(['IDENTITY.OIDC_STATE_INVALID']));
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'identity.session-started' AND data->>'userId' = (SELECT user_id::text FROM identity_external_identities WHERE subject = $1)`, [subject])).toEqual([{ n: 1 }]);

    const code = new URL(path, CALLBACK_BASE).searchParams.get('code')!;
    const iss = encodeURIComponent(provider.issuer);
    const forged = await callback(`/api/v1/auth/oidc/acme/callback?code=${code}&state=${'A'.repeat(43)}&iss=${iss}`);
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'IDENTITY.OIDC_STATE_INVALID' });
    expect((await callback(`/api/v1/auth/oidc/acme/callback?code=${code}`)).body.code).toBe('IDENTITY.OIDC_STATE_INVALID');

    // The code, already redeemed, with a state of the attacker's own (so their PKCE verifier, not the victim's).
    const attackerStart = new URL((await app.request('GET', '/api/v1/auth/oidc/acme/start')).headers.location as string);
    const reused = await callback(`/api/v1/auth/oidc/acme/callback?code=${code}&state=${attackerStart.searchParams.get('state')}&iss=${iss}`);
    expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 401, code: 'IDENTITY.OIDC_SIGN_IN_FAILED' });

    // A state started for one provider, brought back to another: refused, and used up.
    const fromAcme = await throughProvider('acme', subject);
    const atBeta = await callback(fromAcme.replace('/oidc/acme/', '/oidc/beta/'));
    expect({ status: atBeta.status, code: atBeta.body.code }).toEqual({ status: 401, code: 'IDENTITY.OIDC_STATE_INVALID' });
    expect((await callback(fromAcme)).body.code).toBe('IDENTITY.OIDC_STATE_INVALID');

    // The ID token's nonce is not the one this sign-in was started with (a token minted for another sign-in).
    const started = new URL((await app.request('GET', '/api/v1/auth/oidc/acme/start')).headers.location as string);
    const keys = await redis.keys(`${app.config.queuePrefix}:oidc-sign-in:*`);
    for (const key of keys) {
      const pending = JSON.parse((await redis.get(key))!);
      if (pending.nonce === started.searchParams.get('nonce')) await redis.set(key, JSON.stringify({ ...pending, nonce: 'another-nonce' }), 'KEEPTTL');
    }
    const wrongNonce = await callback(await provider.signIn(started.toString(), subject));
    expect({ status: wrongNonce.status, code: wrongNonce.body.code }).toEqual({ status: 401, code: 'IDENTITY.OIDC_SIGN_IN_FAILED' });
  });

  it('answers 404 problem+json for a provider that is not configured, whatever its name', async () => {
    for (const name of ['nope', 'ACME', 'a'.repeat(100), '%00', '😀']) {
      for (const path of [`/api/v1/auth/oidc/${encodeURIComponent(name)}/start`, `/api/v1/auth/oidc/${encodeURIComponent(name)}/callback?code=x&state=y`]) {
        const answer = await app.request('GET', path);
        expect({ status: answer.status, code: answer.body.code, type: answer.headers['content-type'] }).toEqual({
          status: 404,
          code: 'IDENTITY.OIDC_PROVIDER_NOT_FOUND',
          type: expect.stringContaining('application/problem+json'),
        });
      }
    }
    const user = await app.user('nobody-linked');
    expect((await app.request('POST', '/api/v1/me/oidc/nope/link', { token: user.token })).body.code).toBe('IDENTITY.OIDC_PROVIDER_NOT_FOUND');
  });

  it('still asks for the second factor of an account that has one', async () => {
    const staff = await app.user('mfa-user');
    const enrolled = await app.request('POST', '/api/v1/me/mfa/totp', { token: staff.token });
    const confirmed = await app.request('POST', '/api/v1/me/mfa/totp/confirm', { token: staff.token, body: { code: generateSync({ secret: enrolled.body.secret }) } });
    const answer = await signIn('acme', account({ email: staff.email, email_verified: true }));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    expect(answer.body).not.toHaveProperty('accessToken');
    const wrong = await app.request('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: answer.body.mfaToken, code: '000000' } });
    expect(wrong.status).toBe(401);
    // (The TOTP code of this 30 s step was spent on the enrolment: a recovery code.)
    const done = await app.request('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: answer.body.mfaToken, recoveryCode: confirmed.body.recoveryCodes[0] } });
    expect(done.status).toBe(200);
    expect((await me(done.body.accessToken)).body.id).toBe(staff.id);
  });

  it('links a provider account from /me, one account per provider account, and unlinks it but never the last way to sign in', async () => {
    const owner = await app.user('linker');
    const other = await app.user('other-linker');
    // Any email at the provider: the signed-in owner proves both sides.
    const subject = account({ email: freshEmail('elsewhere'), email_verified: false });
    const link = async (user: { token: string }, name = 'acme') => {
      const started = await app.request('POST', `/api/v1/me/oidc/${name}/link`, { token: user.token });
      expect(started.status).toBe(200);
      return callback(await provider.signIn(started.body.authorizationUrl, subject));
    };
    expect((await app.request('POST', '/api/v1/me/oidc/acme/link')).status).toBe(401);
    expect((await link(owner)).status).toBe(204);
    expect((await app.request('GET', '/api/v1/me/identities', { token: owner.token })).body).toEqual([{ provider: 'acme', linkedAt: expect.any(String) }]);
    const viaProvider = await signIn('acme', subject);
    expect((await me(viaProvider.body.accessToken)).body.id).toBe(owner.id);
    // Another account cannot take it, through either client of the same issuer.
    const taken = await link(other);
    expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'IDENTITY.EXTERNAL_IDENTITY_TAKEN' });
    expect((await link(other, 'beta')).body.code).toBe('IDENTITY.EXTERNAL_IDENTITY_TAKEN');
    expect((await app.request('GET', '/api/v1/me/identities', { token: other.token })).body).toEqual([]);
    // Another account may not unlink it (there is none of it on theirs); the owner can.
    expect((await app.request('DELETE', '/api/v1/me/identities/acme', { token: other.token })).body.code).toBe('IDENTITY.EXTERNAL_IDENTITY_NOT_FOUND');
    expect((await app.request('DELETE', '/api/v1/me/identities/acme', { token: owner.token })).status).toBe(204);
    expect((await app.request('GET', '/api/v1/me/identities', { token: owner.token })).body).toEqual([]);
    expect((await link(other)).status).toBe(204);

    // An account made through the provider has no password: its only way to sign in stays.
    const only = await signIn('acme', account({ email: freshEmail('only'), email_verified: true }));
    const unlinkLast = await app.request('DELETE', '/api/v1/me/identities/acme', { token: only.body.accessToken });
    expect({ status: unlinkLast.status, code: unlinkLast.body.code }).toEqual({ status: 409, code: 'IDENTITY.LAST_SIGN_IN_METHOD' });
    const types = (await app.sql(`SELECT type FROM events WHERE stream_id = $1 ORDER BY version`, [`user-${owner.id}`])).map((row) => row.type);
    expect(types).toEqual(expect.arrayContaining(['identity.external-identity-linked', 'identity.external-identity-unlinked']));
  });

  it('makes no account for a provider that shares no email', async () => {
    const answer = await signIn('acme', account({ name: 'no email' }));
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 422, code: 'IDENTITY.OIDC_EMAIL_MISSING' });
  });
});
