import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder, publishContent } from './support/journeys.js';
import { SmtpInbox, tokenIn } from './support/smtp-inbox.js';
import { type HttpResponse, TestApp } from './support/test-app.js';

describe('mail over SMTP: email verification and password reset', () => {
  let inbox: SmtpInbox;
  let app: TestApp;
  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    app = await TestApp.start({ env: { SMTP_URL: inbox.url, APP_URL: 'https://app.zhiku.test/' } });
  });
  afterAll(async () => {
    await app.close();
    await inbox.close();
  });

  const register = async (name: string) => {
    const email = `${name}-${randomUUID().slice(0, 8)}@zhiku.test`;
    const password = `${name} has a long password`;
    const registered = await app.request('POST', '/api/v1/auth/register', { body: { email, password, displayName: name } });
    expect(registered.status).toBe(201);
    const token = (await app.request('POST', '/api/v1/auth/login', { body: { email, password } })).body.accessToken as string;
    return { id: registered.body.id as string, email, password, token };
  };

  it('mails a verification link at registration; an unverified account browses but cannot buy until it uses it, once', async () => {
    const buyer = await register('unverified');
    const mail = await inbox.mailTo(buyer.email, /Verify your email/);
    expect(mail.text).toContain('https://app.zhiku.test/verify-email?token=');
    const me = await app.request('GET', '/api/v1/me', { token: buyer.token });
    expect(me.body.emailVerified).toBe(false);

    const admin = await app.adminToken();
    const creator = await register('creator');
    expect((await app.request('POST', `/api/v1/admin/users/${creator.id}/roles`, { token: admin, body: { roles: ['creator'] } })).status).toBe(200);
    const creatorToken = (await app.request('POST', '/api/v1/auth/login', { body: { email: creator.email, password: creator.password } })).body.accessToken;
    const contentId = await publishContent(app, { ...creator, token: creatorToken }, admin);
    expect((await app.request('GET', `/api/v1/contents/${contentId}`, { token: buyer.token })).status).toBe(200);
    const refused = await placeOrder(app, buyer, [contentId]);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'AUTH.EMAIL_UNVERIFIED' });

    const verify = (token: string) => app.request('POST', '/api/v1/auth/email-verification', { body: { token } });
    expect((await verify(tokenIn(mail.text))).status).toBe(204);
    const again = await verify(tokenIn(mail.text));
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 422, code: 'IDENTITY.TOKEN_INVALID' });
    expect((await verify(`${randomUUID()}.forged`)).status).toBe(422);
    expect((await app.request('GET', '/api/v1/me', { token: buyer.token })).body.emailVerified).toBe(true);
    expect((await placeOrder(app, buyer, [contentId])).status).toBe(201);

    // Tokens are kept hashed: the mailed secret is nowhere in the database.
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM identity_one_time_tokens WHERE token_hash LIKE $1`, [`%${tokenIn(mail.text).split('.')[1]}%`]);
    expect(n).toBe(0);
  });

  it('mails a new verification link on request', async () => {
    const user = await register('resend');
    const first = await inbox.mailTo(user.email, /Verify/);
    expect((await app.request('POST', '/api/v1/me/email/verification', { token: user.token })).status).toBe(202);
    const second = await eventually(() => inbox.mails.filter((mail) => mail.to.includes(user.email)).length === 2);
    expect(second).toBe(true);
    const latest = await inbox.mailTo(user.email, /Verify/);
    expect(tokenIn(latest.text)).not.toBe(tokenIn(first.text));
    expect((await app.request('POST', '/api/v1/auth/email-verification', { body: { token: tokenIn(latest.text) } })).status).toBe(204);
  });

  it('answers a reset request alike for known and unknown emails, mails only the account, and a reset ends every session', async () => {
    const user = await register('forgetful');
    const elsewhere = (await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).body;
    const ask = (email: string) => app.request('POST', '/api/v1/auth/password-reset', { body: { email } });
    const visible = (response: HttpResponse) => ({ status: response.status, body: response.body, type: response.headers['content-type'] });
    const known = await ask(user.email.toUpperCase());
    const unknownEmail = `nobody-${randomUUID()}@zhiku.test`;
    const unknown = await ask(unknownEmail);
    expect(visible(known)).toEqual(visible(unknown));
    expect(known.status).toBe(202);

    const mail = await inbox.mailTo(user.email, /Reset your/);
    expect(mail.text).toContain('https://app.zhiku.test/reset-password?token=');
    const reset = (token: string, newPassword: string) =>
      app.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, newPassword } });
    expect((await reset(tokenIn(mail.text), 'password')).body.code).toBe('IDENTITY.PASSWORD_TOO_COMMON');
    expect((await reset(tokenIn(mail.text), 'my memorable new passphrase')).status).toBe(204);
    expect((await reset(tokenIn(mail.text), 'another new passphrase')).status).toBe(422); // single use

    for (const token of [user.token, elsewhere.accessToken]) expect((await app.request('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'my memorable new passphrase' } })).status).toBe(200);

    expect(inbox.mails.some((m) => m.to.includes(unknownEmail))).toBe(false);
    const events = await app.sql(`SELECT type, data FROM events WHERE type IN ('identity.password-reset-requested', 'identity.password-reset') ORDER BY global_position`);
    expect(events).toEqual([
      { type: 'identity.password-reset-requested', data: { userId: user.id } },
      { type: 'identity.password-reset', data: { userId: user.id } },
    ]);
    const revoked = await app.sql(`SELECT data->>'reason' AS reason FROM events WHERE type = 'identity.session-revoked' AND data->>'sessionId' = $1`, [
      elsewhere.refreshToken.split('.')[0],
    ]);
    expect(revoked).toEqual([{ reason: 'password-reset' }]);
  });

  it('refuses an expired reset token', async () => {
    const user = await register('slow');
    await app.request('POST', '/api/v1/auth/password-reset', { body: { email: user.email } });
    const mail = await inbox.mailTo(user.email, /Reset your/);
    await app.sql(`UPDATE identity_one_time_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [tokenIn(mail.text).split('.')[0]]);
    const late = await app.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token: tokenIn(mail.text), newPassword: 'too late a passphrase' } });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 422, code: 'IDENTITY.TOKEN_INVALID' });
  });
});

async function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
