import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { mp4 } from './support/media-samples.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/**
 * Playback with MEDIA_STORE=s3 and the default delivery (stream), against a real S3-compatible
 * server (s3rver, in this process): the api streams the object, whole or a range, to the user its
 * URL is bound to, and never hands out a URL of the object store (no `Location`, no endpoint).
 */
describe('media on S3, streamed through the api', () => {
  let server: S3rver;
  let s3Dir: string;
  let s3: S3Client;
  let endpoint: string;
  let app: TestApp;
  let origin: string;
  let creator: TestUser;
  let buyer: TestUser;
  let stranger: TestUser;
  let contentId: string;
  let lessonIds: string[];
  const bucket = 'zhiku-media-stream';

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'zhiku-s3rver-stream-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    app = await TestApp.start({
      worker: true,
      env: {
        MEDIA_STORE: 's3',
        MEDIA_S3_ENDPOINT: endpoint,
        MEDIA_S3_BUCKET: bucket,
        MEDIA_S3_FORCE_PATH_STYLE: 'true',
        MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
        MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
        MEDIA_MAX_VIDEO_BYTES: String(16 * 1_048_576),
      },
    });
    await app.api.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.api.getHttpServer().address() as AddressInfo).port}`;
    const admin = await app.adminToken();
    [creator, buyer, stranger] = await Promise.all([app.user('stream-creator', ['creator']), app.user('stream-buyer'), app.user('stream-stranger')]);
    contentId = await publishContent(app, creator, admin);
    lessonIds = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: creator.token })).body.lessons.map((lesson: { lessonId: string }) => lesson.lessonId);
    const order = await placeOrder(app, buyer, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await app.close();
    s3.destroy();
    await server.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  /** Declares a video of a lesson, PUTs it to the presigned URL, completes it; answers the asset id once the worker made it ready. */
  async function stored(bytes: Buffer, lessonId: string): Promise<string> {
    const declared = await app.request('POST', `/api/v1/contents/${contentId}/media`, {
      token: creator.token,
      body: { kind: 'video', mimeType: 'video/mp4', sizeBytes: bytes.length, fileName: '第一课.mp4', lessonId },
    });
    expect(declared.status).toBe(201);
    const assetId = declared.body.asset.assetId as string;
    expect((await fetch(declared.body.upload.url, { method: 'PUT', headers: declared.body.upload.headers, body: bytes })).status).toBe(200);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${assetId}/complete`, { token: creator.token })).status).toBe(200);
    const status = await eventually(async () => {
      const [row] = await app.sql(`SELECT status FROM media_assets WHERE id = $1`, [assetId]);
      return row?.status === 'ready' || row?.status === 'rejected' ? row.status : null;
    }, 20_000, `asset ${assetId} checked`);
    expect(status).toBe('ready');
    return assetId;
  }
  const urlOf = async (assetId: string, token?: string) => {
    const issued = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token });
    expect(issued.status).toBe(200);
    return issued.body.url as string;
  };
  const play = (url: string, token?: string, range?: string) =>
    fetch(`${origin}${url}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(range ? { range } : {}) }, redirect: 'manual' });
  /** Nothing in what the client got points at the object store. */
  const noStoreUrl = (response: Response) => {
    expect(response.headers.get('location')).toBeNull();
    expect([...response.headers.values()].join('\n')).not.toContain(endpoint);
    expect([...response.headers.values()].join('\n')).not.toMatch(/X-Amz-/i);
  };

  it('streams the whole object and any range of it to the buyer, with the right headers, and no URL of the store', async () => {
    // Large enough to take many chunks through the api (2 MiB of samples plus the MP4 headers).
    const video = mp4(61, 2 * 1_048_576);
    const assetId = await stored(video, lessonIds[1]!);
    const url = await urlOf(assetId, buyer.token);
    expect(url).toMatch(/^\/api\/v1\/media\/files\/[0-9a-f-]{36}\?expires=\d+&signature=[\w-]+$/);

    const whole = await play(url, buyer.token);
    expect(whole.status).toBe(200);
    noStoreUrl(whole);
    expect(Object.fromEntries(['content-type', 'content-length', 'accept-ranges', 'cache-control', 'x-content-type-options'].map((name) => [name, whole.headers.get(name)]))).toEqual({
      'content-type': 'video/mp4',
      'content-length': String(video.length),
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-cache',
      'x-content-type-options': 'nosniff',
    });
    expect(whole.headers.get('content-disposition')).toBe(`inline; filename="___.mp4"; filename*=UTF-8''${encodeURIComponent('第一课.mp4')}`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);
    // HEAD: the same headers, no body (and the object is not read for it).
    const head = await fetch(`${origin}${url}`, { method: 'HEAD', headers: { authorization: `Bearer ${buyer.token}` } });
    expect({ status: head.status, length: head.headers.get('content-length'), ranges: head.headers.get('accept-ranges'), type: head.headers.get('content-type') }).toEqual({
      status: 200,
      length: String(video.length),
      ranges: 'bytes',
      type: 'video/mp4',
    });
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const middle = 1_000_000;
    const ranges: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      [`bytes=${middle}-${middle + 65_535}`, middle, middle + 65_535],
      ['bytes=-100', video.length - 100, video.length - 1],
      [`bytes=${video.length - 5}-`, video.length - 5, video.length - 1],
      // An end beyond the object is cut to its end (RFC 9110).
      [`bytes=${video.length - 3}-${video.length + 1000}`, video.length - 3, video.length - 1],
    ];
    for (const [range, start, end] of ranges) {
      const part = await play(url, buyer.token, range);
      expect({ range, status: part.status }).toEqual({ range, status: 206 });
      noStoreUrl(part);
      expect({ range, contentRange: part.headers.get('content-range'), contentLength: part.headers.get('content-length'), type: part.headers.get('content-type') }).toEqual({
        range,
        contentRange: `bytes ${start}-${end}/${video.length}`,
        contentLength: String(end - start + 1),
        type: 'video/mp4',
      });
      expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(start, end + 1))).toBe(true);
    }
    const beyond = await play(url, buyer.token, `bytes=${video.length}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${video.length}`);
    expect(((await beyond.json()) as { code: string }).code).toBe('MEDIA.RANGE_NOT_SATISFIABLE');

    // The creator plays it too, with their own URL; the buyer's URL under anyone else's token, or none, gets no byte.
    const creators = await play(await urlOf(assetId, creator.token), creator.token, 'bytes=10-19');
    expect(Buffer.from(await creators.arrayBuffer()).equals(video.subarray(10, 20))).toBe(true);
    const forwarded = await play(url, stranger.token);
    expect({ status: forwarded.status, code: ((await forwarded.json()) as { code: string }).code }).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    noStoreUrl(forwarded);
    const signedOut = await play(url);
    expect({ status: signedOut.status, code: ((await signedOut.json()) as { code: string }).code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
  });

  it("answers conditional and ranged requests from the S3 object's own ETag and Last-Modified: 304, If-Range, 416, several ranges", async () => {
    const video = mp4(9, 200_000);
    const assetId = await stored(video, lessonIds[1]!);
    const url = await urlOf(assetId, buyer.token);
    const get = (headers: Record<string, string> = {}) => fetch(`${origin}${url}`, { headers: { authorization: `Bearer ${buyer.token}`, ...headers }, redirect: 'manual' });
    const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

    const first = await get();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(first.status).toBe(200);
    expect((await bytesOf(first)).equals(video)).toBe(true);
    // S3's strong tag of the object (the MD5 of what was PUT), the same on every request and by HEAD.
    expect(etag).toBe(`"${createHash('md5').update(video).digest('hex')}"`);
    expect(Date.parse(lastModified)).not.toBeNaN();
    const again = await get();
    expect(again.headers.get('etag')).toBe(etag);
    await again.arrayBuffer();
    const head = await fetch(`${origin}${url}`, { method: 'HEAD', headers: { authorization: `Bearer ${buyer.token}` } });
    expect({ etag: head.headers.get('etag'), lastModified: head.headers.get('last-modified') }).toEqual({ etag, lastModified });
    await head.arrayBuffer();

    const revalidations: Record<string, string>[] = [{ 'if-none-match': etag }, { 'if-none-match': '*' }, { 'if-modified-since': lastModified }];
    for (const headers of revalidations) {
      const cached = await get(headers);
      expect({ headers, status: cached.status, length: (await bytesOf(cached)).length, etag: cached.headers.get('etag') }).toEqual({ headers, status: 304, length: 0, etag });
      noStoreUrl(cached);
    }
    const stale = await get({ 'if-none-match': '"stale"' });
    expect({ status: stale.status, length: (await bytesOf(stale)).length }).toEqual({ status: 200, length: video.length });

    const part = await get({ range: 'bytes=1000-1999', 'if-range': etag });
    expect({ status: part.status, range: part.headers.get('content-range') }).toEqual({ status: 206, range: `bytes 1000-1999/${video.length}` });
    expect((await bytesOf(part)).equals(video.subarray(1000, 2000))).toBe(true);
    const whole = await get({ range: 'bytes=1000-1999', 'if-range': '"stale"' });
    expect({ status: whole.status, range: whole.headers.get('content-range') }).toEqual({ status: 200, range: null });
    expect((await bytesOf(whole)).equals(video)).toBe(true);
    const beyond = await get({ range: `bytes=${video.length}-` });
    expect({ status: beyond.status, range: beyond.headers.get('content-range') }).toEqual({ status: 416, range: `bytes */${video.length}` });
    await beyond.arrayBuffer();
    const several = await get({ range: 'bytes=0-9,20-29' });
    expect({ status: several.status, length: (await bytesOf(several)).length }).toEqual({ status: 200, length: video.length });

    // The object replaced in the bucket after its check (the presigned PUT still works until it expires, and binds only the
    // type and size): those unchecked bytes are never served, with or without a validator, and the checked tag stays the asset's.
    const replaced = Buffer.from(video);
    replaced[replaced.length - 1] ^= 0xff;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `assets/${assetId}`, Body: replaced, ContentType: 'video/mp4' }));
    for (const headers of [{}, { 'if-none-match': etag }, { range: 'bytes=1000-', 'if-range': etag }] as Record<string, string>[]) {
      const refused = await get(headers);
      expect({ headers, status: refused.status, code: ((await refused.json()) as { code: string }).code }).toEqual({ headers, status: 404, code: 'MEDIA.ASSET_NOT_FOUND' });
    }
    const [row] = await app.sql(`SELECT object_etag FROM media_assets WHERE id = $1`, [assetId]);
    expect(row.object_etag).toBe(etag);

    // No conditional opens what the URL does not: under another token, or none, still refused.
    const forwarded = await fetch(`${origin}${url}`, { headers: { authorization: `Bearer ${stranger.token}`, 'if-none-match': '*' } });
    expect({ status: forwarded.status, code: ((await forwarded.json()) as { code: string }).code }).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    const signedOut = await fetch(`${origin}${url}`, { headers: { 'if-none-match': '*' } });
    expect({ status: signedOut.status, code: ((await signedOut.json()) as { code: string }).code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
  });

  it('never serves bytes PUT again through the still-valid presigned upload URL after the check: only the object checked plays', async () => {
    const video = mp4(4, 50_000);
    const declared = await app.request('POST', `/api/v1/contents/${contentId}/media`, {
      token: creator.token,
      body: { kind: 'video', mimeType: 'video/mp4', sizeBytes: video.length, fileName: 'swap.mp4', lessonId: lessonIds[1] },
    });
    expect(declared.status).toBe(201);
    const assetId = declared.body.asset.assetId as string;
    const put = (bytes: Buffer) => fetch(declared.body.upload.url, { method: 'PUT', headers: declared.body.upload.headers, body: bytes });
    expect((await put(video)).status).toBe(200);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${assetId}/complete`, { token: creator.token })).status).toBe(200);
    await eventually(async () => ((await app.sql(`SELECT status FROM media_assets WHERE id = $1`, [assetId]))[0]?.status === 'ready' ? true : null), 20_000, 'asset ready');
    const url = await urlOf(assetId, buyer.token);
    const played = await play(url, buyer.token);
    expect(played.status).toBe(200);
    expect(Buffer.from(await played.arrayBuffer()).equals(video)).toBe(true);

    // The creator's client PUTs other bytes of the declared type and size: S3 takes them (the URL lives an hour)...
    const swapped = Buffer.alloc(video.length, 0x41);
    expect((await put(swapped)).status).toBe(200);
    // ...and no one ever gets them through the api, whole or in part.
    for (const range of [undefined, 'bytes=0-99']) {
      const refused = await play(url, buyer.token, range);
      expect({ range, status: refused.status, code: ((await refused.json()) as { code: string }).code }).toEqual({ range, status: 404, code: 'MEDIA.ASSET_NOT_FOUND' });
    }
    // The checked bytes back in place (the same MD5, so the same tag): they play again.
    expect((await put(video)).status).toBe(200);
    const restored = await play(url, buyer.token);
    expect(restored.status).toBe(200);
    expect(Buffer.from(await restored.arrayBuffer()).equals(video)).toBe(true);
  });

  it('streams a preview lesson\'s media to a signed-out visitor, and answers 404 (never a cut-off 200) when the object is gone from the store', async () => {
    const preview = mp4(3, 5000);
    const assetId = await stored(preview, lessonIds[0]!);
    const url = await urlOf(assetId);
    const part = await play(url, undefined, 'bytes=100-199');
    expect(part.status).toBe(206);
    noStoreUrl(part);
    expect(Buffer.from(await part.arrayBuffer()).equals(preview.subarray(100, 200))).toBe(true);

    // The object removed behind the api's back (a bucket lifecycle rule, an operator): a clear 404, before any byte.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `assets/${assetId}` }));
    const gone = await play(url);
    expect({ status: gone.status, code: ((await gone.json()) as { code: string }).code }).toEqual({ status: 404, code: 'MEDIA.ASSET_NOT_FOUND' });
    expect((await fetch(`${origin}${url}`, { method: 'HEAD' })).status).toBe(404);
  });

  it('lets go of the store\'s connection when a player stops mid-download: more aborted downloads than the S3 client has sockets, then a whole one still comes', async () => {
    const video = mp4(30, 8 * 1_048_576);
    const assetId = await stored(video, lessonIds[1]!);
    const url = await urlOf(assetId, buyer.token);
    // The AWS SDK keeps at most 50 sockets to the store: were an abandoned stream kept open, the 51st would wait forever.
    // A player that goes away: the first bytes arrive, then its connection is closed (node:http, which really closes it).
    const abandon = () =>
      new Promise<number>((resolve, reject) => {
        const request = get(`${origin}${url}`, { headers: { authorization: `Bearer ${buyer.token}` }, agent: false }, (response) => {
          response.once('data', () => {
            request.destroy();
            resolve(response.statusCode ?? 0);
          });
        });
        request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      });
    for (let i = 0; i < 60; i += 1) expect(await abandon()).toBe(200);
    const whole = await play(url, buyer.token);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);
  }, 60_000);
});
