import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, type LessonInput, publishContent } from './support/journeys.js';
import { mp4 } from './support/media-samples.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const DAY = 86_400_000;

/**
 * A member's drip lessons open counted from the membership's start, for their media as for their
 * bodies: media asks catalog's detail, whose lessons come from the one readLesson rule in SQL
 * (README, "Enrolment" and "Drip release"). The clock is a TestClock: ten days pass without waiting.
 */
describe("media of a member's drip lessons: counted from the membership's start", () => {
  const clock = new TestClock();
  let app: TestApp;
  let mediaDir: string;
  let creator: TestUser;
  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'zhiku-member-drip-'));
    app = await TestApp.start({ clock, worker: true, env: { MEDIA_DIR: mediaDir } });
    creator = await app.user('drip-media-creator', ['creator']);
  }, 90_000);
  afterAll(async () => {
    await app.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  async function lessonVideo(contentId: string, lessonId: string, bytes: Buffer): Promise<string> {
    const declared = await app.request('POST', `/api/v1/contents/${contentId}/media`, {
      token: creator.token,
      body: { kind: 'video', mimeType: 'video/mp4', sizeBytes: bytes.length, fileName: 'lesson.mp4', lessonId },
    });
    expect(declared.status).toBe(201);
    const assetId = declared.body.asset.assetId as string;
    const put = await app.api.inject({ method: 'PUT', url: declared.body.upload.url, headers: declared.body.upload.headers, payload: bytes });
    expect(put.statusCode).toBe(204);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${assetId}/complete`, { token: creator.token })).status).toBe(200);
    await eventually(async () => ((await app.sql(`SELECT status FROM media_assets WHERE id = $1`, [assetId]))[0]?.status === 'ready' ? true : null), 20_000, `asset ${assetId} ready`);
    return assetId;
  }

  it('plays the seven-day lesson ten days into the membership with nothing opened, and locks the fourteen-day one until its day', async () => {
    clock.set(new Date());
    const lessons: LessonInput[] = [
      { title: '一', body: '开门', preview: false },
      { title: '七天后', body: '第七天', preview: false, drip: { afterDays: 7 } },
      { title: '十四天后', body: '第十四天', preview: false, drip: { afterDays: 14 } },
    ];
    const moderator = await app.user('drip-media-moderator', ['moderator']);
    const contentId = await publishContent(app, creator, moderator.token, { kind: 'video', priceCents: 5000, lessons: lessons.map((lesson) => ({ ...lesson, format: 'video', durationSeconds: 60 })) });
    const lessonIds = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[];
    const week = mp4(5, 300);
    const [weekAsset, fortnightAsset] = [await lessonVideo(contentId, lessonIds[1]!, week), await lessonVideo(contentId, lessonIds[2]!, mp4(3))];

    const member = await app.user('drip-media-member');
    const plan = await app.request('POST', '/api/v1/plans', {
      token: creator.token,
      body: { name: '月卡', priceCents: 990, currency: 'CNY', periodUnit: 'month', appliesTo: 'creator' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(plan.status).toBe(201);
    const subscription = (await app.request('POST', '/api/v1/me/subscriptions', { token: member.token, body: { planId: plan.body.planId } })).body;
    expect((await deliverWebhook(app, { paymentId: subscription.openPayment.paymentId, amountCents: 990 })).status).toBe(200);
    const [{ since }] = await app.sql(`SELECT min(valid_from) AS since FROM commerce_subscription_access WHERE user_id = $1`, [member.id]);
    const startedAt = (since as Date).getTime();
    const urlOf = (assetId: string) => app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: member.token });

    clock.set(new Date(startedAt + 10 * DAY));
    const opened = await urlOf(weekAsset);
    expect(opened.status).toBe(200);
    const played = await app.api.inject({ method: 'GET', url: opened.body.url, headers: { authorization: `Bearer ${member.token}` } });
    expect(played.statusCode).toBe(200);
    expect(played.rawPayload.equals(week)).toBe(true);
    const locked = await urlOf(fortnightAsset);
    expect([locked.status, locked.body.code, locked.body.unlocksAt]).toEqual([403, 'CATALOG.LESSON_LOCKED', new Date(startedAt + 14 * DAY).toISOString()]);

    clock.set(new Date(startedAt + 14 * DAY + 1000));
    expect((await urlOf(fortnightAsset)).status).toBe(200);
  });
});
