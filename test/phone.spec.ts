import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '#platform';
import { TestApp } from './support/test-app.js';

const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'twilio-test-auth-token';

/**
 * A local stand-in for Twilio's Messages API, answering as Twilio documents it: HTTP Basic with the
 * account SID and auth token, a form body, 201 with the message resource, or 400 with Twilio's error
 * object (21211: not a valid 'To' number).
 */
class FakeTwilio {
  readonly messages: { to: string; from: string; body: string }[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeTwilio> {
    let twilio: FakeTwilio | null = null;
    const server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      request.on('end', () => {
        const reply = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        const expectedAuth = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
        if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${SID}/Messages.json`) return reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
        if (request.headers.authorization !== expectedAuth) return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
        const form = new URLSearchParams(raw);
        const [to, from, body] = [form.get('To') ?? '', form.get('From') ?? '', form.get('Body') ?? ''];
        if (to.startsWith('+999')) {
          return reply(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 });
        }
        twilio!.messages.push({ to, from, body });
        reply(201, { sid: `SM${String(twilio!.messages.length).padStart(32, '0')}`, account_sid: SID, to, from, body, status: 'queued', num_segments: '1', direction: 'outbound-api' });
      });
    });
    twilio = new FakeTwilio(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return twilio;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  codeTo(number: string): string {
    const message = this.messages.filter((sent) => sent.to === number).at(-1);
    return /(\d{6})/.exec(message?.body ?? '')![1]!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('phone verification by SMS (Twilio adapter against a local server in its format)', () => {
  let twilio: FakeTwilio;
  let app: TestApp;
  beforeAll(async () => {
    twilio = await FakeTwilio.start();
    app = await TestApp.start({ env: { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+15005550006', TWILIO_API_URL: twilio.url } });
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  it('texts a code, and the code proves the number, which is kept encrypted; a code works once', async () => {
    const me = await app.user('texted');
    const number = '+8613800138000';
    expect((await app.request('POST', '/api/v1/me/phone', { token: me.token, body: { phone: number } })).status).toBe(202);
    expect(twilio.messages.at(-1)).toMatchObject({ to: number, from: '+15005550006' });
    const code = twilio.codeTo(number);
    const wrong = await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code: code === '000000' ? '111111' : '000000' } });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 422, code: 'IDENTITY.PHONE_CODE_INVALID' });
    expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code } })).status).toBe(204);
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).body.phoneVerified).toBe(true);
    expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code } })).status).toBe(422);

    const [row] = await app.sql(`SELECT phone_encrypted FROM identity_users WHERE id = $1`, [me.id]);
    expect(row.phone_encrypted).toMatch(/^v1\./);
    expect(JSON.stringify(await app.sql(`SELECT * FROM identity_users WHERE id = $1`, [me.id]))).not.toContain('13800138000');
    expect(JSON.stringify(await app.sql(`SELECT data FROM events WHERE stream_id = $1`, [`user-${me.id}`]))).not.toContain('13800138000');
    const replayed = (await app.api.get(EventStore).readStream(`user-${me.id}`)).find((event) => event.type === 'identity.phone-verified');
    expect(replayed!.data).toEqual({ userId: me.id, phone: number });
  });

  it('refuses bad numbers and codes, resends at most once a minute, stops after five tries, and says when the provider refuses', async () => {
    const me = await app.user('careful');
    for (const phone of ['13800138000', '+0123456789', '+86 138 0013 8000', '+1234567890123456']) {
      expect((await app.request('POST', '/api/v1/me/phone', { token: me.token, body: { phone } })).status).toBe(400);
    }
    expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code: '12345' } })).status).toBe(400);
    const number = '+8613900139000';
    expect((await app.request('POST', '/api/v1/me/phone', { token: me.token, body: { phone: number } })).status).toBe(202);
    const again = await app.request('POST', '/api/v1/me/phone', { token: me.token, body: { phone: number } });
    expect({ status: again.status, code: again.body.code, retryAfter: Number(again.headers['retry-after']) > 0 }).toEqual({
      status: 429,
      code: 'IDENTITY.PHONE_CODE_TOO_SOON',
      retryAfter: true,
    });
    const code = twilio.codeTo(number);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code: wrongCode } })).status).toBe(422);
    // Five tries spent: even the right code no longer works.
    expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code } })).status).toBe(422);
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).body.phoneVerified).toBe(false);

    const other = await app.user('unreachable');
    const refused = await app.request('POST', '/api/v1/me/phone', { token: other.token, body: { phone: '+9991234567' } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 503, code: 'IDENTITY.SMS_UNAVAILABLE' });
    expect((await app.request('POST', '/api/v1/me/phone', { body: { phone: number } })).status).toBe(401);
  });
});

describe('SMS as a second factor at sign-in', () => {
  let twilio: FakeTwilio;
  let app: TestApp;
  beforeAll(async () => {
    twilio = await FakeTwilio.start();
    app = await TestApp.start({ env: { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+15005550006', TWILIO_API_URL: twilio.url } });
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  it('texts a sign-in code to the verified phone, accepted once in place of the app code', async () => {
    const me = await app.user('two-factor');
    const number = '+8613700137000';
    await app.request('POST', '/api/v1/me/phone', { token: me.token, body: { phone: number } });
    expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code: twilio.codeTo(number) } })).status).toBe(204);
    await app.signInWithMfa(me.email, me.password, null);

    const challenge = async () => (await app.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: me.password } })).body.mfaToken as string;
    const first = await challenge();
    expect((await app.request('POST', '/api/v1/auth/login/mfa/sms', { body: { mfaToken: first } })).status).toBe(202);
    const code = twilio.codeTo(number);
    expect(twilio.messages.at(-1)!.body).toContain('sign-in code');
    const wrong = await app.request('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: first, smsCode: code === '000000' ? '111111' : '000000' } });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: 'IDENTITY.INVALID_MFA_CODE' });
    const signedIn = await app.request('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: first, smsCode: code } });
    expect(signedIn.status).toBe(200);
    expect((await app.request('GET', '/api/v1/me', { token: signedIn.body.accessToken })).status).toBe(200);
    // Replayed with a new challenge: refused.
    const replay = await app.request('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: await challenge(), smsCode: code } });
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 401, code: 'IDENTITY.INVALID_MFA_CODE' });
    // At most one text a minute.
    expect((await app.request('POST', '/api/v1/auth/login/mfa/sms', { body: { mfaToken: await challenge() } })).status).toBe(429);
    expect((await app.request('POST', '/api/v1/auth/login/mfa/sms', { body: { mfaToken: 'not-a-challenge' } })).status).toBe(401);
  });

  it('refuses to text an account without a verified phone', async () => {
    const me = await app.user('no-phone');
    await app.signInWithMfa(me.email, me.password, null);
    const { mfaToken } = (await app.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: me.password } })).body;
    const refused = await app.request('POST', '/api/v1/auth/login/mfa/sms', { body: { mfaToken } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'IDENTITY.NO_VERIFIED_PHONE' });
  });
});

describe('SMS without a provider', () => {
  it('keeps text messages in sms_outbox', async () => {
    const app = await TestApp.start();
    try {
      const me = await app.user('outboxed');
      expect((await app.request('POST', '/api/v1/me/phone', { token: me.token, body: { phone: '+447700900123' } })).status).toBe(202);
      const [sms] = await app.sql(`SELECT recipient, body FROM sms_outbox`);
      expect(sms.recipient).toBe('+447700900123');
      const code = /(\d{6})/.exec(sms.body)![1];
      expect((await app.request('POST', '/api/v1/me/phone/confirm', { token: me.token, body: { code } })).status).toBe(204);
    } finally {
      await app.close();
    }
  });
});
