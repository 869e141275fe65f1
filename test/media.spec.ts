import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectUpload } from '#media';
import { systemContext } from '#platform';
import { deliverWebhook, placeOrder, publishContent, sampleContent } from './support/journeys.js';
import { mp3, mp4, ogg, pdf, png, wav, webm } from './support/media-samples.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/**
 * Media through the local store (the default): a creator declares an upload, PUTs the bytes to the
 * api's signed URL, completes it; the worker checks what the bytes are; entitled users get
 * short-lived URLs bound to them. Bytes on disk are checked after every refusal.
 */
describe('media: uploads, checks and entitled playback (local store)', () => {
  let app: TestApp;
  let mediaDir: string;
  let creator: TestUser;
  let otherCreator: TestUser;
  let buyer: TestUser;
  let stranger: TestUser;
  let admin: string;
  let contentId: string;
  let lessonIds: string[];
  let otherContentId: string;

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'zhiku-media-'));
    app = await TestApp.start({
      worker: true,
      env: { MEDIA_DIR: mediaDir, MEDIA_MAX_VIDEO_BYTES: '100000', MEDIA_MAX_IMAGE_BYTES: '5000', MEDIA_PLAYBACK_URL_TTL_SECONDS: '120' },
    });
    admin = await app.adminToken();
    [creator, otherCreator, buyer, stranger] = await Promise.all([
      app.user('media-creator', ['creator']),
      app.user('other-creator', ['creator']),
      app.user('media-buyer'),
      app.user('stranger'),
    ]);
    contentId = await publishContent(app, creator, admin, { priceCents: 1990 });
    otherContentId = await publishContent(app, otherCreator, admin, { title: '别人的课' });
    lessonIds = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons.map((lesson: { lessonId: string }) => lesson.lessonId);
    const order = await placeOrder(app, buyer, [contentId]);
    expect(order.status).toBe(201);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await app.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const declare = (token: string, body: Record<string, unknown>, content = contentId) =>
    app.request('POST', `/api/v1/contents/${content}/media`, { token, body });
  const upload = (target: { url: string; headers: Record<string, string> }, bytes: Buffer, headers: Record<string, string> = {}) =>
    app.api.inject({ method: 'PUT', url: target.url, headers: { ...target.headers, ...headers }, payload: bytes });
  const complete = (token: string, assetId: string, content = contentId) =>
    app.request('POST', `/api/v1/contents/${content}/media/${assetId}/complete`, { token });
  const statusOf = async (assetId: string) => (await app.sql(`SELECT status FROM media_assets WHERE id = $1`, [assetId]))[0]?.status as string | undefined;
  const settled = (assetId: string) =>
    eventually(async () => {
      const status = await statusOf(assetId);
      return status === 'ready' || status === 'rejected' ? status : null;
    }, 20_000, `asset ${assetId} checked`);
  const filesOnDisk = async () => (await readdir(mediaDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  const download = (url: string, token: string, headers: Record<string, string> = {}) =>
    app.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });

  /** Declares, uploads and completes a file; answers the asset id once the worker has checked it. */
  async function uploaded(bytes: Buffer, declared: { kind: string; mimeType: string; fileName?: string; lessonId?: string }): Promise<{ assetId: string; status: string }> {
    const declaredUpload = await declare(creator.token, { fileName: 'file.bin', ...declared, sizeBytes: bytes.length });
    expect(declaredUpload.status).toBe(201);
    const assetId = declaredUpload.body.asset.assetId as string;
    expect((await upload(declaredUpload.body.upload, bytes)).statusCode).toBe(204);
    expect((await complete(creator.token, assetId)).status).toBe(200);
    return { assetId, status: await settled(assetId) };
  }

  it('takes a video for a lesson through a signed URL, checks it, and plays it to the buyer, the creator and staff, with ranges', async () => {
    const video = mp4(42.5, 4000);
    const declared = await declare(creator.token, { kind: 'video', mimeType: 'video/mp4', sizeBytes: video.length, fileName: '第一课 🎬.mp4', lessonId: lessonIds[1] });
    expect(declared.status).toBe(201);
    expect(declared.body.asset).toMatchObject({ contentId, lessonId: lessonIds[1], kind: 'video', status: 'declared', sizeBytes: video.length, fileName: '第一课 🎬.mp4' });
    expect(declared.body.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'video/mp4', 'content-length': String(video.length) } });
    expect(declared.body.upload.url).toMatch(/^\/api\/v1\/media\/uploads\/[0-9a-f-]{36}\?expires=\d+&signature=[\w-]+$/);
    const assetId = declared.body.asset.assetId as string;
    // Not playable yet, to anyone.
    expect((await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: creator.token })).body.code).toBe('MEDIA.NOT_PLAYABLE');

    expect((await upload(declared.body.upload, video)).statusCode).toBe(204);
    const completed = await complete(creator.token, assetId);
    expect(completed.status).toBe(200);
    expect(['uploaded', 'ready']).toContain(completed.body.status);
    expect(await settled(assetId)).toBe('ready');
    const [row] = await app.sql(`SELECT duration_seconds, signature FROM media_assets WHERE id = $1`, [assetId]);
    expect(row).toEqual({ duration_seconds: 42.5, signature: 'iso-bmff' });

    const listed = await app.request('GET', `/api/v1/contents/${contentId}/media`, { token: buyer.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { assetId: string }) => item.assetId)).toContain(assetId);
    expect(JSON.stringify(listed.body)).not.toMatch(/signature=|url/);

    for (const user of [buyer.token, creator.token, admin]) {
      const issued = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: user });
      expect(issued.status).toBe(200);
      expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
      const whole = await download(issued.body.url, user);
      expect(whole.statusCode).toBe(200);
      expect(whole.rawPayload.equals(video)).toBe(true);
      expect(whole.headers).toMatchObject({ 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff' });
      expect(whole.headers['content-disposition']).toBe(`inline; filename="___ __.mp4"; filename*=UTF-8''${encodeURIComponent('第一课 🎬.mp4')}`);
    }
    const { body: issued } = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: buyer.token });
    const part = await download(issued.url, buyer.token, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${video.length}`);
    expect(part.rawPayload.equals(video.subarray(100, 200))).toBe(true);
    const tail = await download(issued.url, buyer.token, { range: 'bytes=-10' });
    expect(tail.rawPayload.equals(video.subarray(video.length - 10))).toBe(true);
    const beyond = await download(issued.url, buyer.token, { range: `bytes=${video.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${video.length}`);
    expect(JSON.parse(beyond.body).code).toBe('MEDIA.RANGE_NOT_SATISFIABLE');
  });

  it('gives no URL, list or bytes to anyone not entitled, and a URL works only for the user it was issued to, until it expires', async () => {
    const { assetId } = await uploaded(mp4(3), { kind: 'video', mimeType: 'video/mp4' });
    const urlOf = (token: string, asset = assetId, content = contentId) => app.request('GET', `/api/v1/contents/${content}/media/${asset}/url`, { token });
    for (const user of [stranger, otherCreator]) {
      const refused = await urlOf(user.token);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'MEDIA.NOT_ENTITLED' });
      // The same answer for an asset that does not exist: nothing tells them it does.
      expect((await urlOf(user.token, randomUUID())).body.code).toBe('MEDIA.NOT_ENTITLED');
      // The list shows them the media of preview lessons only: not this one, which belongs to no lesson.
      const listed = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token: user.token });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((item: { assetId: string }) => item.assetId)).not.toContain(assetId);
    }
    // The asset under another content (one the caller owns, or bought) is no way in either.
    expect((await urlOf(otherCreator.token, assetId, otherContentId)).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
    expect((await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`)).status).toBe(401);

    const issued = (await urlOf(buyer.token)).body.url as string;
    expect((await download(issued, buyer.token)).statusCode).toBe(200);
    // Forwarded: the stranger's own token does not open the buyer's URL; no token at all is a 401.
    const forwarded = await download(issued, stranger.token);
    expect({ status: forwarded.statusCode, code: JSON.parse(forwarded.body).code }).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    expect((await app.api.inject({ method: 'GET', url: issued })).statusCode).toBe(401);
    // Tampered: a later expiry, or another asset, breaks the signature.
    const later = issued.replace(/expires=(\d+)/, (_, expires: string) => `expires=${Number(expires) + 3600}`);
    expect(JSON.parse((await download(later, buyer.token)).body).code).toBe('MEDIA.URL_INVALID');
    // Expired: a URL signed exactly as the server signs, a second in the past.
    const key = Buffer.from(hkdfSync('sha256', app.config.jwtSecret!, 'zhiku-media', 'media-url-signatures-v1', 32));
    const past = Math.floor(Date.now() / 1000) - 1;
    const signature = createHmac('sha256', key).update(['get', assetId, buyer.id, String(past)].join('\n')).digest('base64url');
    const expired = await download(`/api/v1/media/files/${assetId}?expires=${past}&signature=${signature}`, buyer.token);
    expect({ status: expired.statusCode, code: JSON.parse(expired.body).code }).toEqual({ status: 403, code: 'MEDIA.URL_EXPIRED' });
  });

  it('plays the media of a preview lesson to anyone who may see the content, and the other media only to the entitled', async () => {
    const preview = await uploaded(mp4(4), { kind: 'video', mimeType: 'video/mp4', lessonId: lessonIds[0] });
    const paid = await uploaded(mp4(5), { kind: 'video', mimeType: 'video/mp4', lessonId: lessonIds[1] });
    const whole = await uploaded(pdf(300), { kind: 'attachment', mimeType: 'application/pdf' });
    const urlOf = (token: string, assetId: string, content = contentId) => app.request('GET', `/api/v1/contents/${content}/media/${assetId}/url`, { token });
    const listedTo = async (token: string) =>
      ((await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token })).body.items as { assetId: string }[]).map((item) => item.assetId);

    for (const user of [stranger, otherCreator]) {
      const issued = await urlOf(user.token, preview.assetId);
      expect(issued.status).toBe(200);
      const played = await download(issued.body.url, user.token);
      expect(played.statusCode).toBe(200);
      expect(played.rawPayload.equals(mp4(4))).toBe(true);
      for (const locked of [paid.assetId, whole.assetId]) {
        const refused = await urlOf(user.token, locked);
        expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'MEDIA.NOT_ENTITLED' });
      }
      // Listed: the preview lesson's media, nothing else.
      const listed = await listedTo(user.token);
      expect(listed).toContain(preview.assetId);
      expect(listed).not.toContain(paid.assetId);
      expect(listed).not.toContain(whole.assetId);
    }
    // The buyer lists and plays all three; a preview URL is still bound to whom it was issued.
    expect(await listedTo(buyer.token)).toEqual(expect.arrayContaining([preview.assetId, paid.assetId, whole.assetId]));
    for (const assetId of [preview.assetId, paid.assetId, whole.assetId]) expect((await urlOf(buyer.token, assetId)).status).toBe(200);
    const strangers = (await urlOf(stranger.token, preview.assetId)).body.url as string;
    expect(JSON.parse((await download(strangers, otherCreator.token)).body).code).toBe('MEDIA.URL_INVALID');
    // A preview lesson of a content nobody else may see yet (a draft): its media plays to no one else.
    const draft = await app.request('POST', '/api/v1/contents', { token: creator.token, body: sampleContent({ title: '草稿' }) });
    expect(draft.status).toBe(201);
    const draftLesson = (await app.request('GET', `/api/v1/contents/${draft.body.id}`, { token: creator.token })).body.lessons[0];
    expect(draftLesson.preview).toBe(true);
    const declared = await declare(creator.token, { kind: 'video', mimeType: 'video/mp4', sizeBytes: mp4(1).length, fileName: 'd.mp4', lessonId: draftLesson.lessonId }, draft.body.id);
    expect((await upload(declared.body.upload, mp4(1))).statusCode).toBe(204);
    expect((await complete(creator.token, declared.body.asset.assetId, draft.body.id)).status).toBe(200);
    expect(await settled(declared.body.asset.assetId)).toBe('ready');
    expect((await urlOf(creator.token, declared.body.asset.assetId, draft.body.id)).status).toBe(200);
    for (const user of [stranger, buyer]) {
      expect((await urlOf(user.token, declared.body.asset.assetId, draft.body.id)).body.code).toBe('MEDIA.NOT_ENTITLED');
      expect((await app.request('GET', `/api/v1/contents/${draft.body.id}/media`, { token: user.token })).body.code).toBe('MEDIA.NOT_ENTITLED');
    }
  });

  it('stops a URL working the moment its user is no longer entitled (access taken back)', async () => {
    const { assetId } = await uploaded(mp4(2), { kind: 'video', mimeType: 'video/mp4' });
    const granted = await app.request('POST', '/api/v1/admin/access-grants', {
      token: admin,
      body: { userId: stranger.id, contentId, reason: 'review copy' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(granted.status).toBe(201);
    const issued = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: stranger.token });
    expect(issued.status).toBe(200);
    const played = await download(issued.body.url, stranger.token);
    expect(played.statusCode).toBe(200);
    const revoked = await app.request('POST', `/api/v1/admin/access-grants/${granted.body.grantId}/revoke`, { token: admin, body: { reason: 'review over' } });
    expect(revoked.status).toBe(204);
    const after = await download(issued.body.url, stranger.token);
    expect({ status: after.statusCode, code: JSON.parse(after.body).code }).toEqual({ status: 403, code: 'MEDIA.NOT_ENTITLED' });
    // Revalidating the copy they kept is refused too: a 304 comes only after every access rule.
    const revalidated = await download(issued.body.url, stranger.token, { 'if-none-match': played.headers.etag as string });
    expect({ status: revalidated.statusCode, code: JSON.parse(revalidated.body).code }).toEqual({ status: 403, code: 'MEDIA.NOT_ENTITLED' });
    expect((await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: stranger.token })).body.code).toBe('MEDIA.NOT_ENTITLED');
  });

  it('answers conditional and ranged requests from a strong ETag and Last-Modified of the stored file: 304, If-Range, 416, several ranges', async () => {
    const video = mp4(8, 3000);
    const { assetId } = await uploaded(video, { kind: 'video', mimeType: 'video/mp4' });
    const url = (await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: buyer.token })).body.url as string;
    const get = (headers: Record<string, string> = {}) => download(url, buyer.token, headers);

    const first = await get();
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(first.statusCode).toBe(200);
    expect(etag).toMatch(/^"[\w-]{16,}"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();
    expect(first.headers['accept-ranges']).toBe('bytes');
    // Stable: the same tag on every request, by HEAD too (which sends no body); another file has another.
    expect((await get()).headers.etag).toBe(etag);
    const head = await app.api.inject({ method: 'HEAD', url, headers: { authorization: `Bearer ${buyer.token}` } });
    expect(head.headers).toMatchObject({ etag, 'last-modified': lastModified, 'content-length': String(video.length) });
    const other = await uploaded(mp4(8, 3000), { kind: 'video', mimeType: 'video/mp4' });
    const otherUrl = (await app.request('GET', `/api/v1/contents/${contentId}/media/${other.assetId}/url`, { token: buyer.token })).body.url as string;
    expect((await download(otherUrl, buyer.token)).headers.etag).not.toBe(etag);

    // If-None-Match holding the tag (alone, in a list, weak, or *), or If-Modified-Since not older: 304, no body, the validators again.
    const revalidations: Record<string, string>[] = [{ 'if-none-match': etag }, { 'if-none-match': `"x", W/${etag}` }, { 'if-none-match': '*' }, { 'if-modified-since': lastModified }];
    for (const headers of revalidations) {
      const cached = await get(headers);
      expect({ headers, status: cached.statusCode, length: cached.rawPayload.length }).toEqual({ headers, status: 304, length: 0 });
      expect(cached.headers).toMatchObject({ etag, 'last-modified': lastModified, 'cache-control': 'private, no-cache' });
    }
    // Another tag (If-Modified-Since then ignored), or a date before the file: the whole body.
    const stale = await get({ 'if-none-match': '"stale"', 'if-modified-since': lastModified });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(video)).toBe(true);
    expect((await get({ 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() })).statusCode).toBe(200);

    // If-Range with the current tag or date: the range; with another tag, a weak one or another date: the whole body, 200.
    for (const ifRange of [etag, lastModified]) {
      const part = await get({ range: 'bytes=100-199', 'if-range': ifRange });
      expect({ ifRange, status: part.statusCode, range: part.headers['content-range'] }).toEqual({ ifRange, status: 206, range: `bytes 100-199/${video.length}` });
      expect(part.rawPayload.equals(video.subarray(100, 200))).toBe(true);
    }
    for (const ifRange of ['"stale"', `W/${etag}`, new Date(Date.parse(lastModified) - 1000).toUTCString()]) {
      const whole = await get({ range: 'bytes=100-199', 'if-range': ifRange });
      expect({ ifRange, status: whole.statusCode, range: whole.headers['content-range'] }).toEqual({ ifRange, status: 200, range: undefined });
      expect(whole.rawPayload.equals(video)).toBe(true);
    }
    // A range past the end: 416 with the size, unless If-Range names other bytes (then the whole new body).
    const beyond = await get({ range: `bytes=${video.length}-` });
    expect({ status: beyond.statusCode, range: beyond.headers['content-range'], code: JSON.parse(beyond.body).code }).toEqual({
      status: 416,
      range: `bytes */${video.length}`,
      code: 'MEDIA.RANGE_NOT_SATISFIABLE',
    });
    expect((await get({ range: `bytes=${video.length}-`, 'if-range': '"stale"' })).statusCode).toBe(200);
    // Several ranges in one request: the whole body (200), as documented.
    const several = await get({ range: 'bytes=0-9,20-29' });
    expect({ status: several.statusCode, length: several.rawPayload.length }).toEqual({ status: 200, length: video.length });

    // The bytes replaced behind the api's back (same size): another tag, so an old If-None-Match or If-Range gets the new body whole.
    const replaced = Buffer.from(video);
    replaced[replaced.length - 1] ^= 0xff;
    await writeFile(join(mediaDir, 'assets', assetId), replaced);
    const fresh = await get({ 'if-none-match': etag });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).not.toBe(etag);
    expect(fresh.rawPayload.equals(replaced)).toBe(true);
    const resumed = await get({ range: 'bytes=100-', 'if-range': etag });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.rawPayload.equals(replaced)).toBe(true);

    // Conditionals open nothing: a forwarded URL with the tag is still refused, not a 304.
    const forwarded = await download(url, stranger.token, { 'if-none-match': '*' });
    expect({ status: forwarded.statusCode, code: JSON.parse(forwarded.body).code }).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    expect((await app.api.inject({ method: 'GET', url, headers: { 'if-none-match': '*' } })).statusCode).toBe(401);
  });

  it('rejects bytes that are not what was declared, and removes them: a PNG as an MP4, a 10-byte video, a video without a length', async () => {
    const before = (await filesOnDisk()).length;
    const pngAsVideo = await uploaded(png(200), { kind: 'video', mimeType: 'video/mp4' });
    const tenBytes = await uploaded(Buffer.from('0123456789'), { kind: 'video', mimeType: 'video/mp4' });
    const noLength = await uploaded(mp4(0), { kind: 'video', mimeType: 'video/mp4' });
    const rows = await app.sql(`SELECT id, status, rejection_reason FROM media_assets WHERE id = ANY($1)`, [[pngAsVideo.assetId, tenBytes.assetId, noLength.assetId]]);
    const reasons = Object.fromEntries(rows.map((row) => [row.id, [row.status, row.rejection_reason]]));
    expect(reasons).toEqual({
      [pngAsVideo.assetId]: ['rejected', 'TYPE_MISMATCH'],
      [tenBytes.assetId]: ['rejected', 'UNKNOWN_TYPE'],
      [noLength.assetId]: ['rejected', 'NO_DURATION'],
    });
    // The worker records the verdict, then removes the bytes: on a loaded machine the test can look in between.
    await eventually(async () => ((await filesOnDisk()).length === before ? true : null), 20_000, 'rejected bytes removed');
    const listed = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token: creator.token });
    expect(listed.body.items.find((item: { assetId: string }) => item.assetId === pngAsVideo.assetId).rejection).toEqual({
      reason: 'TYPE_MISMATCH',
      detail: 'declared video/mp4, the bytes are png',
    });
    // A rejected asset is never playable, and not listed to buyers.
    expect((await app.request('GET', `/api/v1/contents/${contentId}/media/${pngAsVideo.assetId}/url`, { token: buyer.token })).body.code).toBe('MEDIA.NOT_PLAYABLE');
    const buyers = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token: buyer.token });
    expect(buyers.body.items.map((item: { status: string }) => item.status)).not.toContain('rejected');
  });

  it('makes audio, images and attachments ready when their bytes match, and a rerun of the check changes nothing', async () => {
    const audio = await uploaded(wav(1.5), { kind: 'audio', mimeType: 'audio/wav', fileName: 'intro.wav' });
    const image = await uploaded(png(300), { kind: 'image', mimeType: 'image/png', fileName: 'cover.png' });
    const attachment = await uploaded(pdf(500), { kind: 'attachment', mimeType: 'application/pdf', fileName: 'slides.pdf' });
    expect([audio.status, image.status, attachment.status]).toEqual(['ready', 'ready', 'ready']);
    expect((await app.sql(`SELECT duration_seconds FROM media_assets WHERE id = $1`, [audio.assetId]))[0].duration_seconds).toBe(1.5);
    const { body } = await app.request('GET', `/api/v1/contents/${contentId}/media/${attachment.assetId}/url`, { token: buyer.token });
    expect((await download(body.url, buyer.token)).headers['content-disposition']).toMatch(/^attachment; filename="slides.pdf"/);

    const events = async () => (await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [`media-asset-${audio.assetId}`]))[0].n;
    const count = await events();
    const rerun = await app.worker!.get(CommandBus).execute(new InspectUpload(audio.assetId, systemContext()));
    expect(rerun).toBeNull();
    expect(await events()).toBe(count);
  });

  it('reads the real length of MP3, Ogg and WebM uploads without ffprobe, and rejects those whose bytes state none', async () => {
    const cases: [Buffer, { kind: string; mimeType: string }, string, number | null][] = [
      [mp3(4.8, { id3: true }), { kind: 'audio', mimeType: 'audio/mpeg' }, 'ready', 4.8],
      [mp3(0.24, { xingFrames: 7500 }), { kind: 'audio', mimeType: 'audio/mpeg' }, 'ready', 180],
      [ogg(12.5), { kind: 'audio', mimeType: 'audio/ogg' }, 'ready', 12.5],
      [ogg(3, 'opus'), { kind: 'audio', mimeType: 'audio/ogg' }, 'ready', 3],
      [webm(95.25), { kind: 'audio', mimeType: 'audio/webm' }, 'ready', 95.25],
      [webm(61, { track: 'video' }), { kind: 'video', mimeType: 'video/webm' }, 'ready', 61],
      // A sync pattern and noise: MP3 by its first bytes, no MPEG stream behind them.
      [Buffer.concat([Buffer.from([0xff, 0xfb, 0x94, 0x44]), Buffer.alloc(3000, 0x11)]), { kind: 'audio', mimeType: 'audio/mpeg' }, 'rejected', null],
      [ogg(5).subarray(0, ogg(5).length - 20), { kind: 'audio', mimeType: 'audio/ogg' }, 'rejected', null],
      // A browser's live recording: no Duration, Clusters of unknown size; the last block tells the length.
      [webm(10.5, { duration: false, openClusters: true }), { kind: 'audio', mimeType: 'audio/webm' }, 'ready', 10.5],
      [webm(0, { duration: false }), { kind: 'audio', mimeType: 'audio/webm' }, 'rejected', null],
      [mp4(7.5, 64, 'audio'), { kind: 'audio', mimeType: 'audio/mp4' }, 'ready', 7.5],
      // What the container carries must match the kind: no picture in an audio, a picture in a video.
      [webm(5, { track: 'video' }), { kind: 'audio', mimeType: 'audio/webm' }, 'rejected', null],
      [mp4(5), { kind: 'audio', mimeType: 'audio/mp4' }, 'rejected', null],
      [mp4(5, 64, 'audio'), { kind: 'video', mimeType: 'video/mp4' }, 'rejected', null],
      // An Ogg file declared as MP3 is refused on its first bytes.
      [ogg(2), { kind: 'audio', mimeType: 'audio/mpeg' }, 'rejected', null],
    ];
    const typeMismatches = new Set([cases.length - 4, cases.length - 3, cases.length - 2, cases.length - 1]);
    const results = await Promise.all(cases.map(([bytes, declared]) => uploaded(bytes, { ...declared, fileName: 'take.bin' })));
    const rows = await app.sql(`SELECT id, status, duration_seconds, rejection_reason FROM media_assets WHERE id = ANY($1)`, [results.map((result) => result.assetId)]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(
      results.map(({ assetId }) => {
        const row = byId.get(assetId)!;
        return [row.status, row.duration_seconds === null ? null : Math.round(row.duration_seconds * 1000) / 1000, row.rejection_reason];
      }),
    ).toEqual(cases.map(([, , status, seconds], index) => [status, seconds, status === 'ready' ? null : typeMismatches.has(index) ? 'TYPE_MISMATCH' : 'NO_DURATION']));
    // The buyer sees the length in the list.
    const listed = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token: buyer.token });
    expect(listed.body.items.find((item: { assetId: string }) => item.assetId === results[1]!.assetId).durationSeconds).toBe(180);
  });

  it('refuses strange declarations with a clear problem and records nothing', async () => {
    const eventsBefore = (await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_type = 'media-asset'`))[0].n;
    const base = { kind: 'video', mimeType: 'video/mp4', sizeBytes: 1000, fileName: 'a.mp4' };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ sizeBytes: 0 }, 422, 'MEDIA.SIZE_INVALID'],
      [{ sizeBytes: -1 }, 422, 'MEDIA.SIZE_INVALID'],
      [{ sizeBytes: 10 ** 15 }, 422, 'MEDIA.TOO_LARGE'],
      [{ sizeBytes: 100_001 }, 422, 'MEDIA.TOO_LARGE'],
      [{ sizeBytes: 1.5 }, 400, 'HTTP.VALIDATION_FAILED'],
      [{ sizeBytes: '1000' }, 400, 'HTTP.VALIDATION_FAILED'],
      [{ mimeType: 'video/mp4; charset=utf-8' }, 422, 'MEDIA.MIME_TYPE_NOT_ALLOWED'],
      [{ mimeType: 'image/png' }, 422, 'MEDIA.MIME_TYPE_NOT_ALLOWED'],
      [{ kind: 'hologram' }, 422, 'MEDIA.KIND_UNKNOWN'],
      [{ fileName: '../../etc/passwd' }, 422, 'MEDIA.FILE_NAME_INVALID'],
      [{ fileName: 'a\nb.mp4' }, 422, 'MEDIA.FILE_NAME_INVALID'],
      [{ fileName: 'a'.repeat(10_000) }, 400, 'HTTP.VALIDATION_FAILED'],
      [{ fileName: 'a\u0000.mp4' }, 400, 'HTTP.INVALID_TEXT'],
      [{ fileName: '..\\..\\boot.ini' }, 422, 'MEDIA.FILE_NAME_INVALID'],
      // Shown as "lessonexe.mp4": a name that lies about its extension.
      [{ fileName: 'lesson\u202e4pm.exe' }, 422, 'MEDIA.FILE_NAME_INVALID'],
      [{ fileName: 'a\u0085.mp4' }, 422, 'MEDIA.FILE_NAME_INVALID'],
      [{ fileName: 'a\ud800.mp4' }, 400, 'HTTP.INVALID_TEXT'],
      [{ lessonId: randomUUID() }, 404, 'MEDIA.CONTENT_NOT_FOUND'],
      [{ unexpected: true }, 400, 'HTTP.VALIDATION_FAILED'],
    ];
    for (const [change, status, code] of cases) {
      const response = await declare(creator.token, { ...base, ...change });
      expect({ change, status: response.status, code: response.body.code }).toEqual({ change, status, code });
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    // Another creator's content, a content that does not exist, a lesson of another content.
    const otherLesson = (await app.request('GET', `/api/v1/contents/${otherContentId}`, { token: otherCreator.token })).body.lessons[0].lessonId;
    expect((await declare(creator.token, base, otherContentId)).body.code).toBe('MEDIA.CONTENT_NOT_FOUND');
    expect((await declare(creator.token, base, randomUUID())).body.code).toBe('MEDIA.CONTENT_NOT_FOUND');
    expect((await declare(creator.token, { ...base, lessonId: otherLesson })).body.code).toBe('MEDIA.CONTENT_NOT_FOUND');
    // A learner is no creator.
    expect((await declare(buyer.token, base)).status).toBe(403);
    expect((await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_type = 'media-asset'`))[0].n).toBe(eventsBefore);
  });

  it('cuts off an upload larger than declared and rejects the asset, refuses a second upload and wrong headers, and leaves nothing behind', async () => {
    const video = mp4(2, 500);
    const before = await filesOnDisk();
    const oversized = await declare(creator.token, { kind: 'video', mimeType: 'video/mp4', sizeBytes: video.length, fileName: 'a.mp4' });
    const tooMuch = await app.api.inject({ method: 'PUT', url: oversized.body.upload.url, headers: { 'content-type': 'video/mp4' }, payload: Buffer.concat([video, Buffer.alloc(1)]) });
    expect({ status: tooMuch.statusCode, code: JSON.parse(tooMuch.body).code }).toEqual({ status: 422, code: 'MEDIA.UPLOAD_TOO_LARGE' });
    expect(await statusOf(oversized.body.asset.assetId)).toBe('rejected');
    expect(JSON.parse((await upload(oversized.body.upload, video)).body).code).toBe('MEDIA.ASSET_REJECTED');
    // A petabyte announced: refused before a byte is written, the asset rejected, nothing on disk.
    const huge = await declare(creator.token, { kind: 'video', mimeType: 'video/mp4', sizeBytes: video.length, fileName: 'h.mp4' });
    const announced = await upload(huge.body.upload, video, { 'content-length': String(10 ** 15) });
    expect({ status: announced.statusCode, code: JSON.parse(announced.body).code }).toEqual({ status: 422, code: 'MEDIA.UPLOAD_TOO_LARGE' });
    expect(await statusOf(huge.body.asset.assetId)).toBe('rejected');
    expect(await filesOnDisk()).toEqual(before);

    const declared = await declare(creator.token, { kind: 'video', mimeType: 'video/mp4', sizeBytes: video.length, fileName: 'b.mp4' });
    const target = declared.body.upload;
    const assetId = declared.body.asset.assetId as string;
    const refusals: [Promise<{ statusCode: number; body: string }>, number, string][] = [
      [upload(target, video, { 'content-type': 'image/png' }), 422, 'MEDIA.UPLOAD_TYPE_MISMATCH'],
      [upload(target, video.subarray(0, 100)), 422, 'MEDIA.UPLOAD_SIZE_MISMATCH'],
      [upload({ ...target, url: target.url.replace(/signature=[\w-]+/, 'signature=forged') }, video), 403, 'MEDIA.URL_INVALID'],
      [upload({ ...target, url: target.url.replace(assetId, oversized.body.asset.assetId) }, video), 403, 'MEDIA.URL_INVALID'],
      [upload({ ...target, url: target.url.replace(/expires=\d+/, 'expires=1') }, video), 403, 'MEDIA.URL_INVALID'],
      [upload({ ...target, url: target.url.replace(/&signature=[\w-]+/, '') }, video), 400, 'HTTP.VALIDATION_FAILED'],
      // Chunked, without a Content-Length: the size cannot be held to what was declared before it arrives.
      [
        app.api.inject({ method: 'PUT', url: target.url, headers: { 'content-type': 'video/mp4' }, payload: Readable.from([video.subarray(0, 10), video.subarray(10)]) }),
        422,
        'MEDIA.UPLOAD_SIZE_MISMATCH',
      ],
      [upload(target, video, { 'content-type': 'text/plain' }), 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE'],
      // A Content-Length no number can hold (nor any disk): refused as not the declared size, the asset left waiting.
      [upload(target, video, { 'content-length': '99999999999999999999' }), 422, 'MEDIA.UPLOAD_SIZE_MISMATCH'],
      [upload(target, video, { 'content-length': '-1' }), 422, 'MEDIA.UPLOAD_SIZE_MISMATCH'],
    ];
    for (const [response, status, code] of refusals) {
      const answered = await response;
      expect({ status: answered.statusCode, code: JSON.parse(answered.body).code }).toEqual({ status, code });
    }
    expect(await statusOf(assetId)).toBe('declared');
    expect((await complete(creator.token, assetId)).body.code).toBe('MEDIA.UPLOAD_MISSING');
    expect(await filesOnDisk()).toEqual(before);

    expect((await upload(target, video)).statusCode).toBe(204);
    const again = await upload(target, video);
    expect({ status: again.statusCode, code: JSON.parse(again.body).code }).toEqual({ status: 409, code: 'MEDIA.ALREADY_UPLOADED' });
    expect((await filesOnDisk()).length).toBe(before.length + 1);
  });

  it('completes once when asked 30 times at once, every caller getting the asset', async () => {
    const video = mp4(5);
    const declared = await declare(creator.token, { kind: 'video', mimeType: 'video/mp4', sizeBytes: video.length, fileName: 'c.mp4' });
    const assetId = declared.body.asset.assetId as string;
    expect((await upload(declared.body.upload, video)).statusCode).toBe(204);
    const answers = await Promise.all(Array.from({ length: 30 }, () => complete(creator.token, assetId)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(200));
    const completions = await app.sql(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'media.upload-completed'`, [`media-asset-${assetId}`]);
    expect(completions[0].n).toBe(1);
    expect(await settled(assetId)).toBe('ready');
  });

  it('lets only the creator (or staff) complete, list everything and delete; deleting removes the bytes', async () => {
    const { assetId } = await uploaded(png(100), { kind: 'image', mimeType: 'image/png', fileName: 'x.png' });
    const before = (await filesOnDisk()).length;
    // Another creator, through their own content or the right one: as if it did not exist.
    expect((await complete(otherCreator.token, assetId)).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
    expect((await complete(otherCreator.token, assetId, otherContentId)).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
    expect((await app.request('DELETE', `/api/v1/contents/${contentId}/media/${assetId}`, { token: otherCreator.token })).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
    expect((await app.request('DELETE', `/api/v1/contents/${otherContentId}/media/${assetId}`, { token: otherCreator.token })).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
    expect((await app.request('DELETE', `/api/v1/contents/${contentId}/media/${assetId}`, { token: buyer.token })).status).toBe(403);
    // Another creator's content: only the media of its preview lessons (it has none).
    expect((await app.request('GET', `/api/v1/contents/${otherContentId}/media`, { token: creator.token })).body.items).toEqual([]);

    const { body: issued } = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: buyer.token });
    expect((await app.request('DELETE', `/api/v1/contents/${contentId}/media/${assetId}`, { token: creator.token })).status).toBe(204);
    expect(await filesOnDisk()).toHaveLength(before - 1);
    expect((await download(issued.url, buyer.token)).statusCode).toBe(404);
    expect((await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: buyer.token })).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
    const listed = await app.request('GET', `/api/v1/contents/${contentId}/media?limit=100`, { token: creator.token });
    expect(listed.body.items.map((item: { assetId: string }) => item.assetId)).not.toContain(assetId);
    expect((await app.request('DELETE', `/api/v1/contents/${contentId}/media/${assetId}`, { token: creator.token })).body.code).toBe('MEDIA.ASSET_NOT_FOUND');
  });
});
