import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder, publishContent } from './support/journeys.js';
import { TestApp } from './support/test-app.js';

describe('personal data: GET /api/v1/me/export', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives the user all their data — profile, every session, every event about them in every domain — and nobody else\'s', async () => {
    const creator = await app.user('exporting-creator', ['creator']);
    const contentId = await publishContent(app, creator, await app.adminToken());
    const me = await app.user('exporter');
    const other = await app.user('bystander');
    await app.request('PATCH', '/api/v1/me', { token: me.token, body: { bio: '我的简介' } });
    const order = await placeOrder(app, me, [contentId]);
    expect(order.status).toBe(201);
    await app.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: 'a wrong password here' } });
    await app.request('POST', '/api/v1/me/password', { token: me.token, body: { currentPassword: me.password, newPassword: 'an entirely new passphrase' } });

    const exported = await app.request('GET', '/api/v1/me/export', { token: me.token });
    expect(exported.status).toBe(200);
    expect(exported.body.profile).toMatchObject({ id: me.id, email: me.email, bio: '我的简介' });
    expect(exported.body.sessions.length).toBeGreaterThanOrEqual(1);
    expect(exported.body.sessions.every((session: { status: string }) => ['active', 'revoked'].includes(session.status))).toBe(true);
    const types = exported.body.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'identity.user-registered',
        'identity.email-verified',
        'identity.session-started',
        'identity.profile-updated',
        'identity.password-changed',
        'identity.login-failed',
        'commerce.order-placed',
      ]),
    );
    const orderEvents = exported.body.events.filter((event: { streamId: string }) => event.streamId.includes(order.body.id ?? order.body.orderId));
    expect(orderEvents.length).toBeGreaterThan(0);
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain(creator.email);
    expect(text).not.toMatch(/\$argon2|password_?hash|token_?hash/i);

    const [recorded] = await app.sql(`SELECT data, metadata FROM events WHERE type = 'identity.personal-data-exported'`);
    expect(recorded.data).toEqual({ userId: me.id, events: exported.body.events.length });
    expect(recorded.metadata.actorId).toBe(me.id);
    expect((await app.request('GET', '/api/v1/me/export')).status).toBe(401);
  });
});
