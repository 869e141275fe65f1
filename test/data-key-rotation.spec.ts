import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../apps/api/src/bootstrap.js';
import { runOperatorCommand } from '../apps/api/src/cli/operator-commands.js';
import { TestApp } from './support/test-app.js';

const OLD_KEY = 'the-old-data-encryption-key-0123456789';
const NEW_KEY = 'the-new-data-encryption-key-9876543210';

describe('rotating DATA_ENCRYPTION_KEY: every encrypted field re-encrypted by the operator command', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { DATA_ENCRYPTION_KEY: OLD_KEY } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('re-encrypts TOTP secrets and personal keys under the new key, once; afterwards the old key is not needed', async () => {
    const user = await app.user('rotated');
    const enrolled = await app.request('POST', '/api/v1/me/mfa/totp', { token: user.token });
    expect((await app.request('POST', '/api/v1/me/mfa/totp/confirm', { token: user.token, body: { code: generateSync({ secret: enrolled.body.secret }) } })).status).toBe(200);
    const values = async () =>
      (await app.sql(`SELECT secret AS value FROM identity_totp UNION ALL SELECT wrapped_key FROM identity_personal_keys`)).map((row) => row.value as string);
    const kidsOf = async () => new Set((await values()).map((value) => value.split('.').slice(0, 2).join('.')));
    const [oldKid] = [...(await kidsOf())];
    expect(await kidsOf()).toEqual(new Set([oldKid]));

    const rotated = { ...app.config, dataEncryptionKey: NEW_KEY, dataPreviousEncryptionKeys: [OLD_KEY] };
    const output = await runOperatorCommand(['secrets', 'rotate-data-key'], rotated);
    const personalKeys = (await app.sql(`SELECT count(*)::int AS n FROM identity_personal_keys`))[0].n as number;
    expect(output.split('\n')).toEqual(expect.arrayContaining(['identity_totp.secret: 1 re-encrypted', `identity_personal_keys.wrapped_key: ${personalKeys} re-encrypted`]));
    const [newKid] = [...(await kidsOf())];
    expect(newKid).not.toBe(oldKid);
    expect(await kidsOf()).toEqual(new Set([newKid]));
    expect((await runOperatorCommand(['secrets', 'rotate-data-key'], rotated)).split('\n').every((line) => line.endsWith(': 0 re-encrypted'))).toBe(true);

    // An api with only the new key signs in with the second factor and reads the person's data; one with only the old key cannot.
    const fresh = await createApi({ ...app.config, dataEncryptionKey: NEW_KEY, dataPreviousEncryptionKeys: [] });
    const stale = await createApi({ ...app.config, dataEncryptionKey: OLD_KEY, dataPreviousEncryptionKeys: [] });
    try {
      const post = (api: typeof fresh, url: string, payload: object, token?: string) =>
        api.inject({ method: 'POST', url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
      const challenge = (await post(fresh, '/api/v1/auth/login', { email: user.email, password: user.password })).json();
      // The next step's code (the current one was used to confirm): checking it needs the secret, decrypted with the new key.
      const nextCode = generateSync({ secret: enrolled.body.secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      const signedIn = await post(fresh, '/api/v1/auth/login/mfa', { mfaToken: challenge.mfaToken, code: nextCode });
      expect(signedIn.statusCode).toBe(200);
      const exported = await fresh.inject({ method: 'GET', url: '/api/v1/me/export', headers: { authorization: `Bearer ${signedIn.json().accessToken}` } });
      expect(exported.json().events.find((event: { type: string }) => event.type === 'identity.user-registered').data.email).toBe(user.email);

      const staleExport = await stale.inject({ method: 'GET', url: '/api/v1/me/export', headers: { authorization: `Bearer ${signedIn.json().accessToken}` } });
      expect(staleExport.statusCode).toBe(500);
    } finally {
      await fresh.close();
      await stale.close();
    }
  });
});
