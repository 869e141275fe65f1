import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishContent } from './support/journeys.js';
import { TestApp, type TestUser } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

/**
 * Commerce's access question reads the injectable Clock, never the database's now(): a test moves
 * time across a grant's validity window and sees access come and go at once, without waiting.
 */
describe('access follows the clock', () => {
  const clock = new TestClock();
  let app: TestApp;
  let creator: TestUser;
  let learner: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    app = await TestApp.start({ clock });
    [creator, learner] = await Promise.all([app.user('creator', ['creator']), app.user('learner')]);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const lessons = [{ title: '正文', body: '限时开放', preview: false }];
  const accessOf = async (contentId: string) => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body.access as string;
  const learning = async () =>
    ((await app.request('GET', '/api/v1/me/learning', { token: learner.token })).body.items as { contentId: string }[]).map((item) => item.contentId);
  const myAccess = async () =>
    ((await app.request('GET', '/api/v1/me/entitlements', { token: learner.token })).body.items as { contentId: string }[]).map((item) => item.contentId);

  it('opens a grant until its valid_to and closes it the moment the clock passes it', async () => {
    const item = await publishContent(app, creator, moderatorToken, { kind: 'article', priceCents: 2000, lessons });
    const validTo = new Date(clock.now().getTime() + 2 * 86_400_000).toISOString();
    const granted = await app.request('POST', '/api/v1/admin/access-grants', {
      token: await app.adminToken(),
      body: { userId: learner.id, contentId: item, validTo, reason: '两天试看' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(granted.status).toBe(201);

    expect(await accessOf(item)).toBe('full');
    expect(await learning()).toEqual([item]);
    expect(await myAccess()).toEqual([item]);

    clock.advanceDays(1);
    expect(await accessOf(item)).toBe('full');

    // A second past valid_to (the real clock has not moved two days): gone from every view at once.
    clock.set(new Date(Date.parse(validTo) + 1000));
    expect(await accessOf(item)).toBe('preview');
    expect(await learning()).toEqual([]);
    expect(await myAccess()).toEqual([]);
    const grants = await app.request('GET', `/api/v1/admin/users/${learner.id}/access-grants`, { token: await app.adminToken() });
    expect(grants.body.items.map((grant: { activeNow: boolean }) => grant.activeNow)).toEqual([false]);

    // And back before it: the same answer as then.
    clock.set(new Date(Date.parse(validTo) - 1000));
    expect(await accessOf(item)).toBe('full');
  });
});
