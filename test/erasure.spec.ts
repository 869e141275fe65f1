import { randomUUID } from 'node:crypto';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { CommerceErasedBuyers1764800300000 } from '#commerce';
import { ConsultingErasedAskers1764800200000 } from '#consulting';
import { ERASED, EventStore } from '#platform';
import { SocialErasedSenders1764800100000 } from '#social';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

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
  it('seals the address a person signed up and reset their password from with their key, though no one was signed in', async () => {
    const email = `signup-${randomUUID().slice(0, 8)}@zhiku.test`;
    const password = 'a long and quiet password';
    const from = { remoteAddress: '192.0.2.55', headers: { 'user-agent': 'SignUpBrowser/1.0 (erasure)' } };
    const registered = await app.request('POST', '/api/v1/auth/register', { body: { email, password, displayName: '注册者' }, ...from });
    expect(registered.status).toBe(201);
    const userId = registered.body.id as string;
    expect((await app.request('POST', '/api/v1/auth/password-reset', { body: { email }, ...from })).status).toBe(202);
    const requesterOf = async (type: string) =>
      eventually(async () => (await app.sql(`SELECT metadata FROM events WHERE type = $1 AND data->>'userId' = $2`, [type, userId]))[0]?.metadata, 10_000, type);
    const store = app.api.get(EventStore);
    for (const type of ['identity.user-registered', 'identity.password-reset-requested']) {
      const metadata = await requesterOf(type);
      expect(metadata, type).toMatchObject({ actorId: null, personId: userId, clientIp: expect.stringMatching(/^sealed:v1:/), userAgent: expect.stringMatching(/^sealed:v1:/) });
      expect(await store.openedMetadata(metadata)).toMatchObject({ clientIp: from.remoteAddress, userAgent: from.headers['user-agent'] });
    }

    const token = await app.login(email, password);
    expect((await app.request('DELETE', '/api/v1/me', { token, body: { password } })).status).toBe(204);
    for (const type of ['identity.user-registered', 'identity.password-reset-requested']) {
      expect(await store.openedMetadata(await requesterOf(type)), type).toMatchObject({ clientIp: ERASED, userAgent: ERASED });
    }
  });

  it('seals where a person acted from and what they typed everywhere; after erasure it reads as erased, their events still decide, the chain verifies, others keep theirs', async () => {
    const creator = await app.user('erasure-shop', ['creator']);
    const admin = await app.adminToken();
    const finance = await app.user('erasure-finance', ['finance']);
    const contentId = await publishContent(app, creator, admin, { priceCents: 4200 });
    const leaver = await app.user('erasure-leaver');
    const stayer = await app.user('erasure-stayer');
    const from = {
      leaver: { remoteAddress: '203.0.113.77', headers: { 'user-agent': 'LeaverBrowser/7.7 (erasure)' } },
      stayer: { remoteAddress: '198.51.100.9', headers: { 'user-agent': 'StayerBrowser/9.9 (erasure)' } },
    };
    const as = (who: 'leaver' | 'stayer', user: TestUser, method: string, url: string, body?: object, headers: Record<string, string> = {}) =>
      app.request(method, url, { token: user.token, body, remoteAddress: from[who].remoteAddress, headers: { ...from[who].headers, ...headers } });
    const buy = async (who: 'leaver' | 'stayer', user: TestUser) => {
      const order = await as(who, user, 'POST', '/api/v1/orders', { contentIds: [contentId] }, { 'idempotency-key': randomUUID() });
      expect(order.status).toBe(201);
      expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 4200 })).status).toBe(200);
      return order.body.id as string;
    };
    const typed = {
      reason: '家里出了急事，手机号 13800138000',
      message: '老师好，我住在北京市海淀区中关村大街 1 号',
      comment: '我是张三，这一讲对我的论文很有帮助',
      stayerMessage: '老师，我也有一个问题',
      stayerReason: '留下的人的退款理由',
    };

    const leaverOrder = await buy('leaver', leaver);
    const refund = await as('leaver', leaver, 'POST', `/api/v1/me/orders/${leaverOrder}/refunds`, { reason: typed.reason }, { 'idempotency-key': randomUUID() });
    expect(refund.status).toBe(201);
    const message = await as('leaver', leaver, 'POST', '/api/v1/me/messages', { recipientId: creator.id, body: typed.message });
    expect(message.status).toBe(201);
    expect((await app.request('POST', '/api/v1/me/messages', { token: creator.token, body: { recipientId: leaver.id, body: '收到，谢谢' } })).status).toBe(201);
    const comment = await as('leaver', leaver, 'POST', `/api/v1/contents/${contentId}/comments`, { body: typed.comment });
    expect(comment.status).toBe(201);
    const stayerOrder = await buy('stayer', stayer);
    expect((await as('stayer', stayer, 'POST', `/api/v1/me/orders/${stayerOrder}/refunds`, { reason: typed.stayerReason }, { 'idempotency-key': randomUUID() })).status).toBe(201);
    const stayerMessage = await as('stayer', stayer, 'POST', '/api/v1/me/messages', { recipientId: creator.id, body: typed.stayerMessage });
    expect(stayerMessage.status).toBe(201);

    // At rest, the address and User-Agent of what a signed-in person did are sealed with their key.
    const leaverEvents = await app.sql(`SELECT global_position, type, metadata FROM events WHERE metadata->>'actorId' = $1 ORDER BY global_position`, [leaver.id]);
    expect(leaverEvents.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['commerce.order-placed', 'commerce.refund-requested', 'social.message-sent', 'community.comment-posted']),
    );
    for (const { metadata } of leaverEvents.filter((event: { type: string }) => event.type !== 'identity.user-registered')) {
      expect(metadata.clientIp).toMatch(/^sealed:v1:/);
    }
    const stored = JSON.stringify(await app.sql(`SELECT data, metadata FROM events`));
    for (const clear of [from.leaver.remoteAddress, from.leaver.headers['user-agent'], typed.reason, typed.message, typed.comment]) expect(stored).not.toContain(clear);

    // Before: the person's export opens their own addresses and words; finance sees the reason.
    const exported = await app.request('GET', '/api/v1/me/export', { token: leaver.token });
    const exportedRefund = exported.body.events.find((event: { type: string }) => event.type === 'commerce.refund-requested');
    expect(exportedRefund).toMatchObject({ data: { reason: typed.reason }, clientIp: from.leaver.remoteAddress, userAgent: from.leaver.headers['user-agent'] });
    expect(exported.body.events.find((event: { type: string }) => event.type === 'social.message-sent').data.body).toBe(typed.message);
    const refundsSeen = async () =>
      (await app.request('GET', '/api/v1/admin/finance/refunds?status=requested&limit=100', { token: finance.token })).body.items as { refundId: string; reason: string }[];
    expect((await refundsSeen()).find((item) => item.refundId === refund.body.refundId)!.reason).toBe(typed.reason);

    const erased = await app.request('DELETE', '/api/v1/me', { token: leaver.token, body: { password: leaver.password }, ...from.leaver });
    expect(erased.status).toBe(204);

    // Their events still decide: finance rejects the erased buyer's refund, folding its stream.
    const rejected = await app.request('POST', `/api/v1/admin/finance/refunds/${refund.body.refundId}/reject`, { token: finance.token, body: { reason: 'account erased' } });
    expect(rejected.status).toBe(200);
    const store = app.api.get(EventStore);
    const conversation = await store.readStream(`conversation-${message.body.conversationId}`);
    expect(conversation.filter((event) => event.type === 'social.message-sent').map((event) => (event.data as { body: string }).body)).toEqual([ERASED, '收到，谢谢']);
    const afterwards = await app.sql(`SELECT global_position, metadata FROM events WHERE metadata->>'actorId' = $1 ORDER BY global_position`, [leaver.id]);
    expect(afterwards.length).toBeGreaterThan(leaverEvents.length); // the erasure and its ended sessions
    for (const { metadata } of afterwards) {
      const opened = await store.openedMetadata(metadata);
      expect({ clientIp: opened.clientIp, userAgent: opened.userAgent ?? ERASED }).toEqual({ clientIp: ERASED, userAgent: ERASED });
    }

    // What an admin can look at reads as erased: refunds, conversations, comments, the audit trail.
    const decided = await app.request('GET', '/api/v1/admin/finance/refunds?status=rejected&limit=100', { token: finance.token });
    expect(decided.body.items.find((item: { refundId: string }) => item.refundId === refund.body.refundId).reason).toBe(ERASED);
    const thread = await app.request('GET', `/api/v1/me/conversations/${message.body.conversationId}/messages`, { token: creator.token });
    expect(thread.body.items.map((item: { body: string }) => item.body)).toEqual(expect.arrayContaining([ERASED, '收到，谢谢']));
    const comments = await app.request('GET', `/api/v1/contents/${contentId}/comments`, { token: creator.token });
    expect(comments.body.items.find((item: { id: string }) => item.id === comment.body.id).body).toBe(ERASED);
    const [{ last }] = await app.sql(`SELECT max(global_position) AS last FROM events`);
    await eventually(async () => (await app.sql(`SELECT 1 FROM audit_log WHERE global_position = $1`, [last])).length > 0, 15_000, 'every event in the audit trail');
    const trail = await app.request('GET', `/api/v1/admin/audit?actorId=${leaver.id}&limit=100`, { token: admin });
    expect(trail.status).toBe(200);
    const everywhere = JSON.stringify([
      trail.body,
      await app.sql(`SELECT data, metadata FROM events`),
      await app.sql(`SELECT payload, metadata FROM audit_log`),
      await app.sql(`SELECT * FROM commerce_refunds`),
      await app.sql(`SELECT * FROM social_messages`),
      await app.sql(`SELECT * FROM community_comments`),
      await app.sql(`SELECT * FROM identity_sessions`),
      await app.sql(`SELECT * FROM identity_security_alerts`),
    ]);
    for (const personal of [from.leaver.remoteAddress, from.leaver.headers['user-agent'], typed.reason, typed.message, typed.comment, leaver.email]) {
      expect(everywhere).not.toContain(personal);
    }
    expect((await app.request('GET', '/api/v1/admin/audit/verify', { token: admin })).body).toMatchObject({ valid: true, problems: [] });

    // Someone else is untouched: their words, and where they acted from in their own export.
    expect((await refundsSeen()).find((item) => item.reason === typed.stayerReason)).toBeDefined();
    const creatorsInbox = await app.request('GET', `/api/v1/me/conversations/${stayerMessage.body.conversationId}/messages`, { token: creator.token });
    expect(creatorsInbox.body.items.map((item: { body: string }) => item.body)).toEqual([typed.stayerMessage]);
    const stayerExport = await app.request('GET', '/api/v1/me/export', { token: stayer.token });
    expect(stayerExport.body.events.find((event: { type: string }) => event.type === 'social.message-sent')).toMatchObject({
      data: { body: typed.stayerMessage },
      clientIp: from.stayer.remoteAddress,
      userAgent: from.stayer.headers['user-agent'],
    });
    // The creator's export never shows the addresses of others who acted on their streams.
    const creatorExport = JSON.stringify((await app.request('GET', '/api/v1/me/export', { token: creator.token })).body);
    expect(creatorExport).not.toContain(from.stayer.remoteAddress);

    // Accounts erased before the read models learnt to forget: the migrations bring them in line, and touch no one else.
    await app.sql(`UPDATE social_messages SET body = $2 WHERE sender_id = $1`, [leaver.id, typed.message]);
    await app.sql(`UPDATE commerce_refunds SET reason = $2 WHERE buyer_id = $1`, [leaver.id, typed.reason]);
    const runner = app.api.get(DataSource).createQueryRunner();
    try {
      for (const migration of [new SocialErasedSenders1764800100000(), new CommerceErasedBuyers1764800300000(), new ConsultingErasedAskers1764800200000()]) await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await app.sql(`SELECT body FROM social_messages WHERE sender_id IN ($1, $2) ORDER BY sender_id = $2`, [stayer.id, leaver.id])).toEqual([
      { body: typed.stayerMessage },
      { body: ERASED },
    ]);
    expect(await app.sql(`SELECT reason FROM commerce_refunds WHERE buyer_id IN ($1, $2) ORDER BY buyer_id = $2`, [stayer.id, leaver.id])).toEqual([
      { reason: typed.stayerReason },
      { reason: ERASED },
    ]);
  });
});
