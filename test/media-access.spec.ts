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
  async function lessonVideo(lessonId: string, bytes: Buffer, fileName = 'lesson.mp4'): Promise<string> {
    const declared = await app.request('POST', `/api/v1/contents/${contentId}/media`, {
      token: creator.token,
      body: { kind: 'video', mimeType: 'video/mp4', sizeBytes: bytes.length, fileName, lessonId },
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
    const [dripAsset, plainAsset] = [await lessonVideo(lessonIds[2]!, dripVideo, '第二讲-剧透.mp4'), await lessonVideo(lessonIds[1]!, mp4(3))];
    const lessonOf = async () => (await app.request('GET', `/api/v1/contents/${contentId}`, { token: buyer.token })).body.lessons[2];
    const { body, unlocksAt } = await lessonOf();
    expect(body).toBeNull();
    expect(Date.parse(unlocksAt)).toBeGreaterThan(clock.now().getTime() + 2 * DAY - 60_000);

    // The media list names the lesson's asset, its kind and when it opens: nothing of the file (name, type, size, length), no URL.
    const listOf = async (token: string) => {
      const listed = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token });
      expect(listed.status).toBe(200);
      return listed.body.items as Record<string, unknown>[];
    };
    const lockedList = await listOf(buyer.token);
    const lockedItem = lockedList.find((item) => item.assetId === dripAsset);
    expect(lockedItem).toMatchObject({ lessonId: lessonIds[2], kind: 'video', status: 'ready', locked: true, unlocksAt });
    expect(lockedItem).toMatchObject({ fileName: null, mimeType: null, sizeBytes: null, durationSeconds: null });
    expect(JSON.stringify(lockedList)).not.toMatch(/剧透|signature=|"url"/);
    expect(lockedList.find((item) => item.assetId === plainAsset)).toMatchObject({ fileName: 'lesson.mp4', sizeBytes: mp4(3).length, locked: false, unlocksAt: null });
    // Its creator always sees the file.
    expect((await listOf(creator.token)).find((item) => item.assetId === dripAsset)).toMatchObject({ fileName: '第二讲-剧透.mp4', locked: false });

    // Asking for the URL: the same 403 the lesson's progress gets, with when it opens.
    const locked = await urlOf(dripAsset, buyer.token);
    expect(locked.status).toBe(403);
    expect(locked.body).toMatchObject({ code: 'CATALOG.LESSON_LOCKED', unlocksAt, detail: `This lesson opens at ${unlocksAt}.` });
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    // A validly signed playback URL (as if issued earlier) does not open the bytes either.
    const signed = await fetchFile(signedUrl(dripAsset, buyer.id), buyer.token);
    expect(problem(signed)).toEqual({ status: 403, code: 'CATALOG.LESSON_LOCKED' });
    expect(JSON.parse(signed.body).unlocksAt).toBe(unlocksAt);
    // Nor does a conditional request: the lock is checked before any 304.
    expect(problem(await fetchFile(signedUrl(dripAsset, buyer.id), buyer.token, { 'if-none-match': '*' }))).toEqual({ status: 403, code: 'CATALOG.LESSON_LOCKED' });
    // The buyer's other lessons play; the creator plays the drip one; a stranger is not entitled (no date for them).
    expect((await fetchFile((await urlOf(plainAsset, buyer.token)).body.url, buyer.token)).statusCode).toBe(200);
    const creators = await urlOf(dripAsset, creator.token);
    expect(creators.status).toBe(200);
    expect((await fetchFile(creators.body.url, creator.token)).rawPayload.equals(dripVideo)).toBe(true);
    expect((await urlOf(dripAsset, stranger.token)).body.code).toBe('MEDIA.NOT_ENTITLED');

    // A minute before: still locked. Just after: the body and the media open together.
    clock.set(new Date(Date.parse(unlocksAt) - 60_000));
    expect((await urlOf(dripAsset, buyer.token)).body.code).toBe('CATALOG.LESSON_LOCKED');
    expect((await listOf(buyer.token)).find((item) => item.assetId === dripAsset)).toMatchObject({ fileName: null, locked: true });
    expect(problem(await fetchFile(signedUrl(dripAsset, buyer.id), buyer.token)).code).toBe('CATALOG.LESSON_LOCKED');
    clock.set(new Date(Date.parse(unlocksAt) + 1000));
    expect((await lessonOf()).body).toBe('第二讲正文（两天后）');
    expect((await listOf(buyer.token)).find((item) => item.assetId === dripAsset)).toMatchObject({
      fileName: '第二讲-剧透.mp4',
      mimeType: 'video/mp4',
      sizeBytes: dripVideo.length,
      durationSeconds: 7,
      locked: false,
      unlocksAt: null,
    });
    const opened = await urlOf(dripAsset, buyer.token);
    expect(opened.status).toBe(200);
    const played = await fetchFile(opened.body.url, buyer.token);
    expect(played.statusCode).toBe(200);
    expect(played.rawPayload.equals(dripVideo)).toBe(true);
    expect((await urlOf(dripAsset, stranger.token)).body.code).toBe('MEDIA.NOT_ENTITLED');
  });

  it('plays a preview lesson\'s media to a signed-out visitor through a URL bound to no one, and nothing else', async () => {
    const previewVideo = mp4(4, 1200);
    const [previewAsset, paidAsset] = [await lessonVideo(lessonIds[0]!, previewVideo), await lessonVideo(lessonIds[1]!, mp4(6))];

    // Signed out: the list shows the preview lesson's media only, and its URL plays without any token, with ranges.
    const listed = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`);
    expect(listed.status).toBe(200);
    const listedIds = listed.body.items.map((item: { assetId: string }) => item.assetId);
    expect(listedIds).toContain(previewAsset);
    expect(listedIds).not.toContain(paidAsset);
    const issued = await urlOf(previewAsset);
    expect(issued.status).toBe(200);
    // As short-lived as any playback URL.
    expect(Date.parse(issued.body.expiresAt)).toBe(clock.now().getTime() + 60_000);
    const whole = await fetchFile(issued.body.url);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(previewVideo)).toBe(true);
    const part = await fetchFile(issued.body.url, undefined, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(previewVideo.subarray(10, 20))).toBe(true);

    // Paid lesson media, signed out: no URL (whether or not the asset exists), and no bytes behind a signed-out URL of another asset.
    const paid = await urlOf(paidAsset);
    expect({ status: paid.status, code: paid.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect((await urlOf('00000000-0000-4000-8000-000000000000')).status).toBe(401);
    const forged = issued.body.url.replace(previewAsset, paidAsset);
    expect(problem(await fetchFile(forged))).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    // Even a URL for the paid asset signed exactly as the server signs a signed-out one: the rule is checked again on use.
    expect(problem(await fetchFile(signedUrl(paidAsset, 'anonymous')))).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    // The buyer's own URL of the paid asset: refused without the buyer's token, and under another user's.
    const buyers = (await urlOf(paidAsset, buyer.token)).body.url as string;
    expect(problem(await fetchFile(buyers))).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect(problem(await fetchFile(buyers, stranger.token))).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    expect((await fetchFile(buyers, buyer.token)).statusCode).toBe(200);
    // A signed-out URL is bound to "no one": a signed-in user's token does not open it (they ask for their own).
    expect(problem(await fetchFile(issued.body.url, stranger.token))).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });

    // Expired, by the app's clock: refused, signed out or not.
    clock.advanceSeconds(61);
    expect(problem(await fetchFile(issued.body.url))).toEqual({ status: 403, code: 'MEDIA.URL_EXPIRED' });
    expect(problem(await fetchFile(buyers, buyer.token))).toEqual({ status: 403, code: 'MEDIA.URL_EXPIRED' });
    expect((await fetchFile((await urlOf(previewAsset)).body.url)).statusCode).toBe(200);
  });

  it('gives a signed-out visitor nothing of a content that is not published, preview or not', async () => {
    const draft = await app.request('POST', '/api/v1/contents', {
      token: creator.token,
      body: { kind: 'column', title: '草稿', summary: 'Not out yet.', priceCents: 100, currency: 'CNY', tags: [], lessons: [{ title: '试看', body: '免费', preview: true }] },
    });
    expect(draft.status).toBe(201);
    const lessonId = (await app.request('GET', `/api/v1/contents/${draft.body.id}`, { token: creator.token })).body.lessons[0].lessonId as string;
    const bytes = mp4(2);
    const declared = await app.request('POST', `/api/v1/contents/${draft.body.id}/media`, {
      token: creator.token,
      body: { kind: 'video', mimeType: 'video/mp4', sizeBytes: bytes.length, fileName: 'd.mp4', lessonId },
    });
    expect(declared.status).toBe(201);
    const assetId = declared.body.asset.assetId as string;
    expect((await app.api.inject({ method: 'PUT', url: declared.body.upload.url, headers: declared.body.upload.headers, payload: bytes })).statusCode).toBe(204);
    expect((await app.request('POST', `/api/v1/contents/${draft.body.id}/media/${assetId}/complete`, { token: creator.token })).status).toBe(200);
    await eventually(async () => ((await app.sql(`SELECT status FROM media_assets WHERE id = $1`, [assetId]))[0]?.status === 'ready' ? true : null), 20_000, 'draft asset ready');

    expect((await app.request('GET', `/api/v1/contents/${draft.body.id}/media/${assetId}/url`, { token: creator.token })).status).toBe(200);
    expect((await app.request('GET', `/api/v1/contents/${draft.body.id}/media/${assetId}/url`)).status).toBe(401);
    expect((await app.request('GET', `/api/v1/contents/${draft.body.id}/media`)).status).toBe(401);
    expect(problem(await fetchFile(signedUrl(assetId, 'anonymous')))).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
  });
});
