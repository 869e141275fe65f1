import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '#platform';
import { SmtpInbox, tokenIn } from './support/smtp-inbox.js';
import { ADMIN, eventually, TestApp } from './support/test-app.js';

describe('profile: PATCH /api/v1/me and changing the email address', () => {
  let inbox: SmtpInbox;
  let app: TestApp;
  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    app = await TestApp.start({ env: { SMTP_URL: inbox.url } });
  });
  afterAll(async () => {
    await app.close();
    await inbox.close();
  });

  /** A verified user, mail going over SMTP to the inbox. */
  const user = async (name: string) => {
    const email = `${name}-${randomUUID().slice(0, 8)}@zhiku.test`;
    const password = `${name} has a long password`;
    const registered = await app.request('POST', '/api/v1/auth/register', { body: { email, password, displayName: name } });
    expect(registered.status).toBe(201);
    const verified = await app.request('POST', '/api/v1/auth/email-verification', {
      body: { token: tokenIn((await inbox.mailTo(email, /Verify your email/)).text) },
    });
    expect(verified.status).toBe(204);
    const token = (await app.request('POST', '/api/v1/auth/login', { body: { email, password } })).body.accessToken as string;
    return { id: registered.body.id as string, email, password, token };
  };

  it('edits display name, avatar, bio, locale and time zone; fields left out stay, null clears; a repeat records nothing', async () => {
    const me = await user('profiled');
    const patch = (body: unknown) => app.request('PATCH', '/api/v1/me', { token: me.token, body });
    const edited = await patch({
      displayName: '李华',
      avatarUrl: 'https://cdn.zhiku.test/a/li-hua.png',
      bio: '写代码，也写诗。',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: me.id,
      email: me.email,
      displayName: '李华',
      avatarUrl: 'https://cdn.zhiku.test/a/li-hua.png',
      bio: '写代码，也写诗。',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      roles: ['learner'],
    });
    const cleared = await patch({ bio: null, timeZone: 'UTC' });
    expect(cleared.body).toMatchObject({ displayName: '李华', avatarUrl: 'https://cdn.zhiku.test/a/li-hua.png', bio: null, locale: 'zh-CN', timeZone: 'UTC' });
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).body).toEqual(cleared.body);
    expect((await patch({ bio: null, timeZone: 'UTC' })).status).toBe(200);
    const updates = (await app.api.get(EventStore).readStream(`user-${me.id}`)).filter((event) => event.type === 'identity.profile-updated');
    expect(updates.map((event) => (event.data as { changes: unknown }).changes)).toEqual([
      { displayName: '李华', avatarUrl: 'https://cdn.zhiku.test/a/li-hua.png', bio: '写代码，也写诗。', locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
      { bio: null, timeZone: 'UTC' },
    ]);
    // Stored, the person's own words are sealed with their key (crypto-shredding); locale and time zone are not personal.
    const [stored] = await app.sql(`SELECT data FROM events WHERE stream_id = $1 AND type = 'identity.profile-updated' ORDER BY version LIMIT 1`, [`user-${me.id}`]);
    expect(stored.data.changes).toMatchObject({ bio: expect.stringMatching(/^sealed:v1:/), displayName: expect.stringMatching(/^sealed:v1:/), locale: 'zh-CN' });
    expect(JSON.stringify(stored.data)).not.toContain('写代码');
    expect((await app.request('PATCH', '/api/v1/me', { body: { bio: 'x' } })).status).toBe(401);
  });

  it('refuses bad values and every field it does not own (roles, status, email, ids, prices) with 400, changing nothing', async () => {
    const me = await user('strict');
    const before = (await app.request('GET', '/api/v1/me', { token: me.token })).body;
    const refused = [
      { displayName: '' },
      { displayName: ' padded ' },
      { displayName: 'x'.repeat(65) },
      { displayName: null },
      { avatarUrl: 'http://cdn.zhiku.test/plain-http.png' },
      { avatarUrl: 'javascript:alert(1)' },
      { avatarUrl: `https://cdn.zhiku.test/${'a'.repeat(2100)}` },
      { bio: 'x'.repeat(501) },
      { bio: 42 },
      { locale: 'zh_CN' },
      { locale: 'not a locale' },
      { timeZone: 'Mars/Olympus_Mons' },
      { timeZone: 'asia/shanghai' },
      { roles: ['admin'] },
      { status: 'active' },
      { suspended: false },
      { email: 'other@zhiku.test' },
      { emailVerified: true },
      { mfaEnabled: false },
      { id: randomUUID() },
      { creatorId: randomUUID() },
      { priceCents: 1 },
      { displayName: 'ok', roles: ['admin'] },
    ];
    for (const body of refused) {
      const response = await app.request('PATCH', '/api/v1/me', { token: me.token, body });
      expect({ body, status: response.status, type: response.headers['content-type'] }).toMatchObject({
        body,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    expect((await app.request('PATCH', '/api/v1/me', { token: me.token, rawBody: '{"bio":' })).status).toBe(400);
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).body).toEqual(before);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'identity.profile-updated'`, [`user-${me.id}`]);
    expect(n).toBe(0);
  });

  it('keeps every one of 20 parallel edits: each lands or is told to retry, none is lost silently', async () => {
    const me = await user('parallel');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.request('PATCH', '/api/v1/me', { token: me.token, body: { bio: `edit ${i}` } })),
    );
    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);
    const landed = answers.filter((answer) => answer.status === 200).length;
    const events = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'identity.profile-updated'`, [`user-${me.id}`]);
    expect(events[0].n).toBe(landed);
    const final = (await app.request('GET', '/api/v1/me', { token: me.token })).body.bio;
    const last = (await app.api.get(EventStore).readStream(`user-${me.id}`)).at(-1)!;
    expect(final).toBe((last.data as { changes: { bio: string } }).changes.bio);
  });

  it('changes the email only once the new address is proved, re-verified, and tells the old one', async () => {
    const me = await user('mover');
    const newEmail = `moved-${randomUUID().slice(0, 8)}@zhiku.test`;
    const change = (body: unknown, token = me.token) => app.request('POST', '/api/v1/me/email', { token, body });

    const wrong = await change({ newEmail, password: 'not my password at all' });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 422, code: 'IDENTITY.WRONG_PASSWORD' });
    const taken = await change({ newEmail: ADMIN.email, password: me.password });
    expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'IDENTITY.EMAIL_TAKEN' });
    expect((await change({ newEmail: 'not-an-email', password: me.password })).status).toBe(400);

    expect((await change({ newEmail: newEmail.toUpperCase(), password: me.password })).status).toBe(202);
    const mail = await inbox.mailTo(newEmail, /Confirm your new email/);
    // Until the new address is proved, the account is the old one.
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).body.email).toBe(me.email);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: newEmail, password: me.password } })).status).toBe(401);
    // Another purpose's token does not prove it, nor does a forged one.
    expect((await app.request('POST', '/api/v1/auth/email-change', { body: { token: `${randomUUID()}.forged` } })).body.code).toBe('IDENTITY.TOKEN_INVALID');

    const confirmed = await app.request('POST', '/api/v1/auth/email-change', { body: { token: tokenIn(mail.text) } });
    expect(confirmed.status).toBe(204);
    const profile = (await app.request('GET', '/api/v1/me', { token: me.token })).body;
    expect(profile).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: newEmail, password: me.password } })).status).toBe(200);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: me.password } })).status).toBe(401);
    await inbox.mailTo(me.email, /email address was changed/);
    const again = await app.request('POST', '/api/v1/auth/email-change', { body: { token: tokenIn(mail.text) } });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 422, code: 'IDENTITY.TOKEN_INVALID' });
    const [event] = (await app.api.get(EventStore).readStream(`user-${me.id}`)).filter((stored) => stored.type === 'identity.email-changed');
    expect(event!.data).toEqual({ userId: me.id, email: newEmail });
    expect(JSON.stringify(await app.sql(`SELECT data FROM events WHERE stream_id = $1`, [`user-${me.id}`]))).not.toContain(newEmail);
  });

  it('lets only one of two accounts take an address both asked for', async () => {
    const [first, second] = [await user('first'), await user('second')];
    const wanted = `wanted-${randomUUID().slice(0, 8)}@zhiku.test`;
    for (const who of [first, second]) {
      expect((await app.request('POST', '/api/v1/me/email', { token: who.token, body: { newEmail: wanted, password: who.password } })).status).toBe(202);
    }
    await eventually(async () => inbox.mails.filter((mail) => mail.to.includes(wanted)).length === 2, 15_000, 'both mails');
    const tokens = inbox.mails.filter((mail) => mail.to.includes(wanted)).map((mail) => tokenIn(mail.text));
    const answers = await Promise.all(tokens.map((token) => app.request('POST', '/api/v1/auth/email-change', { body: { token } })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM identity_users WHERE email = $1`, [wanted]);
    expect(n).toBe(1);
  });
});
