import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED, EventStore } from '#platform';
import { placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp } from './support/test-app.js';

describe('erasing an account (DELETE /api/v1/me): crypto-shredding', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('needs the password and the second factor, then leaves every event whole while the person reads as erased', async () => {
    const creator = await app.user('shop', ['creator']);
    const admin = await app.adminToken();
    const contentId = await publishContent(app, creator, admin);
    const me = await app.user('leaver');
    await app.request('PATCH', '/api/v1/me', { token: me.token, body: { bio: '请忘记我', displayName: '离开的人' } });
    const order = await placeOrder(app, me, [contentId]);
    expect(order.status).toBe(201);
    const enrolled = await app.request('POST', '/api/v1/me/mfa/totp', { token: me.token });
    const confirmed = await app.request('POST', '/api/v1/me/mfa/totp/confirm', { token: me.token, body: { code: generateSync({ secret: enrolled.body.secret }) } });
    expect(confirmed.status).toBe(200);
    // Before: the owner's export opens their own data.
    const exported = await app.request('GET', '/api/v1/me/export', { token: me.token });
    expect(exported.body.events.find((event: { type: string }) => event.type === 'identity.user-registered').data.email).toBe(me.email);

    const erase = (body: object) => app.request('DELETE', '/api/v1/me', { token: me.token, body });
    const noFactor = await erase({ password: me.password });
    expect({ status: noFactor.status, code: noFactor.body.code }).toEqual({ status: 401, code: 'IDENTITY.INVALID_MFA_CODE' });
    const wrongPassword = await erase({ password: 'not the password at all', recoveryCode: confirmed.body.recoveryCodes[0] });
    expect({ status: wrongPassword.status, code: wrongPassword.body.code }).toEqual({ status: 422, code: 'IDENTITY.WRONG_PASSWORD' });
    expect((await erase({ password: me.password, extra: true, recoveryCode: 'x' })).status).toBe(400);
    const storedBefore = await app.sql(`SELECT global_position, data::text AS data FROM events ORDER BY global_position`);
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).status).toBe(200);

    expect((await erase({ password: me.password, recoveryCode: confirmed.body.recoveryCodes[1] })).status).toBe(204);

    // Gone: no token works, no sign-in, no second erasure.
    expect((await app.request('GET', '/api/v1/me', { token: me.token })).status).toBe(401);
    expect((await app.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: me.password } })).status).toBe(401);
    // Every event is still there, unchanged; only the erasure itself was added.
    const storedAfter = await app.sql(`SELECT global_position, data::text AS data FROM events WHERE global_position <= $1 ORDER BY global_position`, [
      storedBefore.at(-1)!.global_position,
    ]);
    expect(storedAfter).toEqual(storedBefore);
    // They replay: the user's stream folds, with the person's data erased.
    const stream = await app.api.get(EventStore).readStream(`user-${me.id}`);
    expect(stream.map((event) => event.type)).toEqual(expect.arrayContaining(['identity.user-registered', 'identity.profile-updated', 'identity.account-erased']));
    expect(stream[0]!.data).toEqual({ userId: me.id, email: ERASED, displayName: ERASED, roles: ['learner'] });
    expect(stream.find((event) => event.type === 'identity.profile-updated')!.data).toEqual({ userId: me.id, changes: { bio: ERASED, displayName: ERASED } });
    // The order they placed is still the shop's record.
    expect((await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'order-%' AND metadata->>'actorId' = $1`, [me.id]))[0].n).toBeGreaterThan(0);
    // Nothing of the person is readable anywhere: read model, events, audit trail.
    const viewed = (await app.request('GET', `/api/v1/admin/users/${me.id}`, { token: admin })).body;
    expect(viewed).toMatchObject({ displayName: ERASED, email: `${me.id}@erased.invalid`, bio: null, roles: [], mfaEnabled: false });
    await eventually(async () => (await app.sql(`SELECT 1 FROM audit_log WHERE event_type = 'identity.account-erased' AND actor_id = $1`, [me.id])).length > 0, 15_000, 'the erasure in the audit trail');
    const everywhere = JSON.stringify([await app.sql(`SELECT data FROM events`), await app.sql(`SELECT payload FROM audit_log`), await app.sql(`SELECT * FROM identity_users WHERE id = $1`, [me.id])]);
    for (const personal of [me.email, '请忘记我', '离开的人']) expect(everywhere).not.toContain(personal);
    expect(await app.sql(`SELECT 1 FROM identity_personal_keys WHERE user_id = $1`, [me.id])).toEqual([]);
    expect(await app.sql(`SELECT 1 FROM identity_credentials WHERE user_id = $1`, [me.id])).toEqual([]);
    expect((await app.request('GET', '/api/v1/admin/audit/verify', { token: admin })).body).toMatchObject({ valid: true, problems: [] });
    // Another person is untouched.
    expect((await app.request('GET', '/api/v1/me', { token: creator.token })).body.email).toBe(creator.email);
  });
});
