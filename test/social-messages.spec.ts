import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';

describe('direct messages (私信) between buyers and the creators they bought from', () => {
  let app: TestApp;
  let creator: TestUser;
  let contentId: string;
  beforeAll(async () => {
    app = await TestApp.start({ env: { SOCIAL_MESSAGES_PER_MINUTE: '12' } });
    creator = await app.user('teacher', ['creator']);
    const moderatorToken = (await app.user('moderator', ['moderator'])).token;
    contentId = await publishContent(app, creator, moderatorToken, { priceCents: 3000 });
  });
  afterAll(async () => {
    await app.close();
  });

  const buyer = async (name: string) => {
    const learner = await app.user(name);
    const order = await placeOrder(app, learner, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 3000 })).status).toBe(200);
    return learner;
  };
  const send = (from: TestUser, to: string, body: unknown = '老师好') =>
    app.request('POST', '/api/v1/me/messages', { token: from.token, body: { recipientId: to, body } });
  const conversations = async (user: TestUser) => (await app.request('GET', '/api/v1/me/conversations', { token: user.token })).body;
  const messages = (user: TestUser, conversationId: string, query = '') =>
    app.request('GET', `/api/v1/me/conversations/${conversationId}/messages${query}`, { token: user.token });
  const refusal = (response: { status: number; body: { code?: string } }) => ({ status: response.status, code: response.body.code });
  const cannot = { status: 403, code: 'SOCIAL.CANNOT_MESSAGE' };

  it('lets a buyer open a conversation, the creator answer, and each see unread counts', async () => {
    const learner = await buyer('learner');
    const first = await send(learner, creator.id, '老师好，第二讲的例子能再讲一下吗？👋');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ messageId: expect.any(String), conversationId: expect.any(String), sentAt: expect.any(String) });
    const { conversationId } = first.body;

    const creatorsList = await conversations(creator);
    expect(creatorsList.unreadCount).toBe(1);
    expect(creatorsList.items).toEqual([
      { conversationId, otherUserId: learner.id, role: 'creator', unreadCount: 1, lastMessageAt: first.body.sentAt, blocked: false },
    ]);
    const reply = await send(creator, learner.id, '好的，下周直播时讲。');
    expect(reply.status).toBe(201);
    expect(reply.body.conversationId).toBe(conversationId);
    expect((await conversations(learner)).items[0]).toMatchObject({ conversationId, otherUserId: creator.id, role: 'learner', unreadCount: 1 });

    const thread = await messages(creator, conversationId);
    expect(thread.body.items.map((message: { senderId: string; body: string }) => [message.senderId, message.body])).toEqual([
      [creator.id, '好的，下周直播时讲。'],
      [learner.id, '老师好，第二讲的例子能再讲一下吗？👋'],
    ]);
    const page = await messages(creator, conversationId, '?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect((await messages(creator, conversationId, `?limit=1&cursor=${page.body.nextCursor}`)).body.items[0].body).toBe('老师好，第二讲的例子能再讲一下吗？👋');

    expect((await app.request('POST', `/api/v1/me/conversations/${conversationId}/read`, { token: creator.token })).status).toBe(204);
    expect((await conversations(creator)).unreadCount).toBe(0);
    expect((await conversations(learner)).unreadCount).toBe(1);
  });

  it('keeps a conversation to its two participants: a third user can neither read it nor mark it read (BOLA)', async () => {
    const learner = await buyer('private');
    const { conversationId } = (await send(learner, creator.id, 'private matter')).body;
    const intruder = await buyer('intruder');
    for (const response of [
      await messages(intruder, conversationId),
      await app.request('POST', `/api/v1/me/conversations/${conversationId}/read`, { token: intruder.token }),
      await messages(intruder, randomUUID()),
    ]) {
      expect(refusal(response)).toEqual({ status: 404, code: 'SOCIAL.CONVERSATION_NOT_FOUND' });
    }
    expect(JSON.stringify(await conversations(intruder))).not.toContain(conversationId);
    expect((await app.request('GET', `/api/v1/me/conversations/${conversationId}/messages`)).status).toBe(401);
    expect((await conversations(creator)).items.find((item: { conversationId: string }) => item.conversationId === conversationId).unreadCount).toBe(1);
  });

  it('refuses whoever has not bought from the recipient, whoever writes first as the creator, and oneself, all alike', async () => {
    const stranger = await app.user('stranger');
    const learner = await buyer('quiet');
    expect(refusal(await send(stranger, creator.id))).toEqual(cannot);
    expect(refusal(await send(creator, learner.id))).toEqual(cannot); // a creator does not cold-message buyers
    expect(refusal(await send(learner, learner.id))).toEqual(cannot);
    expect(refusal(await send(learner, randomUUID()))).toEqual(cannot); // no such user: told the same
    const unpaid = await app.user('unpaid');
    expect((await placeOrder(app, unpaid, [contentId])).status).toBe(201);
    expect(refusal(await send(unpaid, creator.id))).toEqual(cannot); // an order not paid is not a purchase
    expect(await app.sql(`SELECT count(*)::int AS n FROM social_messages m JOIN social_conversations c ON c.id = m.conversation_id WHERE $1 IN (c.learner_id, c.creator_id)`, [stranger.id])).toEqual([{ n: 0 }]);
  });

  it('stops messages both ways on a block by either side, and says no more than "cannot message"', async () => {
    const learner = await buyer('blocked');
    expect((await send(learner, creator.id)).status).toBe(201);
    expect((await app.request('PUT', `/api/v1/me/blocks/${learner.id}`, { token: creator.token })).status).toBe(204);
    expect((await app.request('PUT', `/api/v1/me/blocks/${learner.id}`, { token: creator.token })).status).toBe(204);
    expect(refusal(await send(learner, creator.id))).toEqual(cannot);
    expect(refusal(await send(creator, learner.id))).toEqual(cannot);
    expect((await conversations(learner)).items[0].blocked).toBe(true);
    // The blocked side lifting "their" block changes nothing: only the blocker can.
    expect((await app.request('DELETE', `/api/v1/me/blocks/${creator.id}`, { token: learner.token })).status).toBe(204);
    expect(refusal(await send(learner, creator.id))).toEqual(cannot);
    expect((await app.request('DELETE', `/api/v1/me/blocks/${learner.id}`, { token: creator.token })).status).toBe(204);
    expect((await send(learner, creator.id, 'thanks')).status).toBe(201);

    // A learner blocks a creator before ever writing: nothing either way.
    const other = await buyer('wary');
    expect((await app.request('PUT', `/api/v1/me/blocks/${creator.id}`, { token: other.token })).status).toBe(204);
    expect(refusal(await send(other, creator.id))).toEqual(cannot);
    expect(refusal(await app.request('PUT', `/api/v1/me/blocks/${other.id}`, { token: other.token }))).toEqual({ status: 422, code: 'SOCIAL.CANNOT_BLOCK_SELF' });
  });

  it('refuses bodies that are empty, too long, or carry NUL and control characters, with a 400 naming the field, and stores nothing', async () => {
    const learner = await buyer('typist');
    const before = await app.sql(`SELECT count(*)::int AS n FROM social_messages`);
    for (const body of ['', '   \n ', 'x'.repeat(2001), 'a\u0000b', 'bell\u0007', '\u001b[31mred', 42, null, ['x']]) {
      const response = await send(learner, creator.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body.errors ?? response.body)).toContain('body');
    }
    expect((await app.request('POST', '/api/v1/me/messages', { token: learner.token, body: { recipientId: 'nope', body: 'hi' } })).status).toBe(400);
    expect((await app.request('POST', '/api/v1/me/messages', { token: learner.token, body: { recipientId: creator.id, body: 'hi', extra: 1 } })).status).toBe(400);
    expect(await app.sql(`SELECT count(*)::int AS n FROM social_messages`)).toEqual(before);
    expect((await send(learner, creator.id, '多行\n\t缩进 and 2000 chars: ' + '好'.repeat(1970))).status).toBe(201);
  });

  it('limits each sender per minute (SOCIAL_MESSAGES_PER_MINUTE) with 429 and Retry-After, counting refused attempts too', async () => {
    const learner = await buyer('chatty');
    // The limit counts per clock minute: start well inside one, so the burst is not split across two.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(learner, creator.id, `消息 ${i}`)));
    const statuses = results.map((result) => result.status);
    // Exactly 12 get past the limiter; of those, any that lost every race for the conversation's version is a 409 to send again.
    expect(statuses.filter((status) => status === 429)).toHaveLength(8);
    expect(statuses.filter((status) => status !== 429).every((status) => status === 201 || status === 409)).toBe(true);
    const limited = results.find((result) => result.status === 429)!;
    expect(limited.body.code).toBe('SOCIAL.RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM social_messages WHERE sender_id = $1`, [learner.id]);
    expect(n).toBe(statuses.filter((status) => status === 201).length);
    expect(n).toBeGreaterThanOrEqual(10);
    // Another sender has their own allowance.
    expect((await send(creator, learner.id, 'one at a time please')).status).toBe(201);
    const prober = await app.user('prober');
    const now = Date.now() % 60_000;
    if (now > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - now));
    const probes = await Promise.all(Array.from({ length: 14 }, () => send(prober, creator.id)));
    expect(probes.filter((probe) => probe.status === 429)).toHaveLength(2);
  });
});
