import { createHmac, hkdfSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, type LessonInput, placeOrder, publishContent } from './support/journeys.js';
import { mp4 } from './support/media-samples.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const DAY = 86_400_000;

/**
 * Who gets a lesson's media, and when, through HTTP on one app whose clock the test moves (local
 * store): a drip lesson's video is locked exactly as its body is, until its time.
 */
describe('media access: drip release and preview lessons', () => {
  const clock = new TestClock();
  let app: TestApp;
  let mediaDir: string;
  let creator: TestUser;
  let buyer: TestUser;
  let stranger: TestUser;
  let contentId: string;
  let lessonIds: string[];

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'zhiku-media-access-'));
    app = await TestApp.start({ clock, worker: true, env: { MEDIA_DIR: mediaDir, MEDIA_PLAYBACK_URL_TTL_SECONDS: '60' } });
    const admin = await app.adminToken();
    [creator, buyer, stranger] = await Promise.all([app.user('access-creator', ['creator']), app.user('access-buyer'), app.user('access-stranger')]);
    const lessons: LessonInput[] = [
      { title: '试看', body: '免费试看', preview: true },
      { title: '第一讲', body: '第一讲正文', preview: false },
      { title: '第二讲', body: '第二讲正文（两天后）', preview: false, drip: { afterDays: 2 } },
    ];
    contentId = await publishContent(app, creator, admin, { priceCents: 2500, lessons });
    lessonIds = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons.map((lesson: { lessonId: string }) => lesson.lessonId);
    const order = await placeOrder(app, buyer, [contentId]);
    expect(order.status).toBe(201);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await app.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  /** Declares, uploads and completes a video of a lesson; answers the asset id once the worker made it ready. */
  async function lessonVideo(lessonId: string, bytes: Buffer): Promise<string> {
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
  const urlOf = (assetId: string, token?: string) => app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token });
  const fetchFile = (url: string, token?: string, headers: Record<string, string> = {}) =>
    app.api.inject({ method: 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const problem = (response: { statusCode: number; body: string }) => ({ status: response.statusCode, code: JSON.parse(response.body).code as string });
  /** A playback URL signed exactly as the server signs one, for `subject` (a user id), valid for a minute of the app's clock. */
  const signedUrl = (assetId: string, subject: string) => {
    const key = Buffer.from(hkdfSync('sha256', app.config.jwtSecret!, 'zhiku-media', 'media-url-signatures-v1', 32));
    const expires = Math.floor(clock.now().getTime() / 1000) + 60;
    const signature = createHmac('sha256', key).update(['get', assetId, subject, String(expires)].join('\n')).digest('base64url');
    return `/api/v1/media/files/${assetId}?expires=${expires}&signature=${signature}`;
  };

  it("locks a drip lesson's media for the buyer exactly as its body, saying when it opens, then plays it once the clock gets there", async () => {
    const dripVideo = mp4(7, 900);
    const [dripAsset, plainAsset] = [await lessonVideo(lessonIds[2]!, dripVideo), await lessonVideo(lessonIds[1]!, mp4(3))];
    const lessonOf = async () => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: buyer.token })).body.lessons[2];
    const { body, unlocksAt } = await lessonOf();
    expect(body).toBeNull();
    expect(Date.parse(unlocksAt)).toBeGreaterThan(clock.now().getTime() + 2 * DAY - 60_000);

    // Asking for the URL: the same 403 the lesson's progress gets, with when it opens.
    const locked = await urlOf(dripAsset, buyer.token);
    expect(locked.status).toBe(403);
    expect(locked.body).toMatchObject({ code: 'CATALOG.LESSON_LOCKED', unlocksAt, detail: `This lesson opens at ${unlocksAt}.` });
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    // A validly signed playback URL (as if issued earlier) does not open the bytes either.
    const signed = await fetchFile(signedUrl(dripAsset, buyer.id), buyer.token);
    expect(problem(signed)).toEqual({ status: 403, code: 'CATALOG.LESSON_LOCKED' });
    expect(JSON.parse(signed.body).unlocksAt).toBe(unlocksAt);
    // The buyer's other lessons play; the creator plays the drip one; a stranger is not entitled (no date for them).
    expect((await fetchFile((await urlOf(plainAsset, buyer.token)).body.url, buyer.token)).statusCode).toBe(200);
    const creators = await urlOf(dripAsset, creator.token);
    expect(creators.status).toBe(200);
    expect((await fetchFile(creators.body.url, creator.token)).rawPayload.equals(dripVideo)).toBe(true);
    expect((await urlOf(dripAsset, stranger.token)).body.code).toBe('MEDIA.NOT_ENTITLED');

    // A minute before: still locked. Just after: the body and the media open together.
    clock.set(new Date(Date.parse(unlocksAt) - 60_000));
    expect((await urlOf(dripAsset, buyer.token)).body.code).toBe('CATALOG.LESSON_LOCKED');
    expect(problem(await fetchFile(signedUrl(dripAsset, buyer.id), buyer.token)).code).toBe('CATALOG.LESSON_LOCKED');
    clock.set(new Date(Date.parse(unlocksAt) + 1000));
    expect((await lessonOf()).body).toBe('第二讲正文（两天后）');
    const opened = await urlOf(dripAsset, buyer.token);
    expect(opened.status).toBe(200);
    const played = await fetchFile(opened.body.url, buyer.token);
    expect(played.statusCode).toBe(200);
    expect(played.rawPayload.equals(dripVideo)).toBe(true);
    expect((await urlOf(dripAsset, stranger.token)).body.code).toBe('MEDIA.NOT_ENTITLED');
  });
});
